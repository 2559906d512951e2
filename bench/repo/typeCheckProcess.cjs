// A full type-check of a tsconfig as a process of its own: what `tsc --noEmit -p` does when its
// options hold. tsc itself stops before the semantic check when the config has option or global
// errors (a `types` entry whose package is not installed, TS2688), which is the usual state of a
// checkout without node_modules: its time is then parse + bind only, not a type-check.
// Usage: node typeCheckProcess.cjs <typescript.js> <tsconfig>
'use strict';
const path = require('node:path');
const ts = require(process.argv[2]);
const configPath = path.resolve(process.argv[3]);
const read = ts.readConfigFile(configPath, ts.sys.readFile);
if (read.error) {
  process.stderr.write(`${ts.flattenDiagnosticMessageText(read.error.messageText, '\n')}\n`);
  process.exit(2);
}
const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, path.dirname(configPath), { noEmit: true }, configPath);
const program = ts.createProgram({ rootNames: parsed.fileNames, options: parsed.options, projectReferences: parsed.projectReferences });
const stoppedTsc = program.getOptionsDiagnostics().length + program.getGlobalDiagnostics().length + program.getSyntacticDiagnostics().length > 0;
let errors = 0;
for (const sourceFile of program.getSourceFiles()) errors += program.getSemanticDiagnostics(sourceFile).length;
process.stdout.write(`${JSON.stringify({ files: program.getSourceFiles().length, errors, stoppedTsc })}\n`);
