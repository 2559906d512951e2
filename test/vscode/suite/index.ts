// Entry the VS Code test runner loads inside the extension host: runs every bundled *.test.js next to it.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import Mocha from 'mocha';

export async function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 120_000, color: true });
  for (const file of readdirSync(__dirname).filter((f) => f.endsWith('.test.js')).sort()) mocha.addFile(join(__dirname, file));
  const failures = await new Promise<number>((resolveRun) => mocha.run(resolveRun));
  if (failures > 0) throw new Error(`${failures} integration test(s) failed`);
}
