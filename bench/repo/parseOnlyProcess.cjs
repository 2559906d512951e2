// The parse-only floor as a process of its own: load TypeScript, read every file of the list,
// ts.createSourceFile each one, exit. Plain CommonJS (no tsx, no bundle step) so its start-up is
// only Node's and TypeScript's.  Usage: node parseOnlyProcess.cjs <typescript.js> <file list (JSON)>
'use strict';
const fs = require('node:fs');
const ts = require(process.argv[2]);
const files = JSON.parse(fs.readFileSync(process.argv[3], 'utf8'));
const kinds = { '.tsx': ts.ScriptKind.TSX, '.jsx': ts.ScriptKind.JSX, '.js': ts.ScriptKind.JS, '.mjs': ts.ScriptKind.JS, '.cjs': ts.ScriptKind.JS };
let statements = 0;
for (const file of files) {
  const text = fs.readFileSync(file, 'utf8');
  const ext = file.slice(file.lastIndexOf('.'));
  statements += ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, kinds[ext] ?? ts.ScriptKind.TS).statements.length;
}
process.stdout.write(`${JSON.stringify({ files: files.length, statements })}\n`);
