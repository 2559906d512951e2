import * as assert from 'node:assert/strict';
import { functionNames, moduleFacts } from '../../../src/core/references/moduleFacts';

describe('references: module facts read from the text', () => {
  it('reads named, default, namespace, type-only, side-effect, require and dynamic imports', () => {
    const facts = moduleFacts(
      [
        "import React, { useState, type FC as F } from 'react';",
        "import * as ns from './ns';",
        'import type Def from "./def";',
        "import './side-effect';",
        "const lazy = import('./lazy');",
        "const { a } = require('./req');",
        "import legacy = require('./legacy');",
      ].join('\n'),
    );
    const byModule = Object.fromEntries(facts.imports.map((c) => [c.specifier, c.names === 'all' ? 'all' : c.names.map((n) => `${n.imported}>${n.local}`).join(' ')]));
    assert.deepEqual(byModule, { react: 'default>React useState>useState FC>F', './ns': 'all', './def': 'default>Def', './lazy': 'all', './req': 'all', './legacy': 'all' });
  });

  it('reads re-exports, export *, local declarations and lists, and type-only names', () => {
    const facts = moduleFacts(
      [
        "export { x, y as z } from './xy';",
        "export * from './star';",
        "export * as nsx from './nsx';",
        "export type { T } from './t';",
        'export const one = 1;',
        'export async function af() {}',
        'export abstract class C {}',
        'export const enum E { A }',
        'export interface I {}',
        'export type Alias = string;',
        'const hidden = 1;',
        'export { hidden as shown };',
        'export default af;',
      ].join('\n'),
    );
    assert.deepEqual(Object.fromEntries(facts.reexports), { x: { specifier: './xy', imported: 'x' }, z: { specifier: './xy', imported: 'y' }, nsx: { specifier: './nsx', imported: '*' }, T: { specifier: './t', imported: 'T' } });
    assert.deepEqual(facts.stars, ['./star']);
    assert.deepEqual(Object.fromEntries(facts.locals), { one: 'one', af: 'af', C: 'C', E: 'E', I: 'I', Alias: 'Alias', shown: 'hidden', default: 'af' });
    assert.deepEqual([...facts.typeOnly].sort(), ['Alias', 'I']);
    assert.equal(facts.anyExport, false);
  });

  it('marks forms it does not read as exporting anything: several declarators, export =, CommonJS', () => {
    assert.equal(moduleFacts('export const a = 1, b = 2;').anyExport, true, 'b is exported too');
    assert.equal(moduleFacts('export const a = { x: 1, y: [2, 3] };\nexport const b = f(1, 2)\nexport const c = 3').anyExport, false, 'commas inside brackets, no semicolons');
    assert.equal(moduleFacts('const x = 1;\nexport = x;').anyExport, true);
    assert.equal(moduleFacts('module.exports = { isOn };').anyExport, true);
    assert.equal(moduleFacts('exports.isOn = isOn;').anyExport, true);
  });

  it('reads a clause whose comments hold a semicolon', () => {
    const facts = moduleFacts("import {\n  FlagResolver, // the resolver; injected\n} from './resolver';\nexport {\n  a, /* b; */\n} from './a';\n");
    assert.deepEqual(facts.imports, [{ specifier: './resolver', names: [{ imported: 'FlagResolver', local: 'FlagResolver' }] }]);
    assert.deepEqual([...facts.reexports.keys()], ['a']);
  });

  it('is not misled by keywords inside paths or other words', () => {
    const facts = moduleFacts("import { a } from '../features/export-import-toggles/x.js';\nimport { b } from './y';\nconst exported = exports2;\n");
    assert.deepEqual(
      facts.imports.map((c) => c.specifier),
      ['../features/export-import-toggles/x.js', './y'],
    );
    assert.equal(facts.anyExport, false);
  });

  it('knows which names are declared as functions or classes, never as something imported', () => {
    const source =
      [
        'export const A = () => <div />;',
        'export const B: React.FC<Props> = ({ a }: Props) => { return null };',
        'export const C = async (x: number): Promise<void> => {};',
        'const D = memo(() => null);',
        'export const E = IfFeatureEnabled;',
        'export function F() {}',
        'export default class G {}',
        'const I = x => x;',
        'const J = <T,>(a: T) => a;',
        'function K() { const A = 1; }',
      ].join('\n');
    const facts = moduleFacts(source);
    assert.deepEqual([...functionNames(source)].sort(), ['B', 'C', 'F', 'G', 'I', 'J', 'K'], 'A is also declared as a constant, D and E are values');
    assert.equal(facts.locals.get('default'), 'G');
    assert.equal(moduleFacts('export default memo(Card);').locals.get('default'), 'default', 'an expression, not a local name');
    assert.equal(moduleFacts('const Card = () => null;\nexport default Card;').locals.get('default'), 'Card');
  });
});
