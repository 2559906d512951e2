// The `flaglens` bin (dist/cli.js): starts the CLI bundle (dist/cliMain.js, TypeScript and ts-morph
// inside) through V8's code cache, so a second run does not parse and compile it all again.
import * as path from 'node:path';
import { loadWithCodeCache } from '../core/util/codeCache';
import { cliCodeCacheDir } from './codeCacheDir';
import { raiseTierUpBudget } from './tierUpBudget';

// Before any of the bundle is compiled: the budget is read as functions are created.
raiseTierUpBudget();

const cli = loadWithCodeCache(path.join(__dirname, 'cliMain.js'), { cacheDir: cliCodeCacheDir(process.env), asMain: true });
// At exit the functions the command ran are compiled too: a cache made then holds the parser and the analysis, not only start-up.
process.once('exit', () => cli.saveCache());
