import * as assert from 'node:assert/strict';
import { ExportTriggers, mayImportDefault } from '../../../src/core/references/exportTriggers';
import { importSignature } from '../../../src/core/references/prefilter';

/**
 * A default export's trigger is its module's file name (`types` for `src/types/index.ts`): a hint
 * for a name importers choose themselves. Only files that may import a default under it count.
 */
const cases: [text: string, expected: boolean, scanRequires?: boolean][] = [
  ["import Ctx from './types';", true],
  ["import type Ctx from '../types/index.js';", true],
  ["import Ctx, { Row } from '@app/types';", true],
  ["import Ctx, * as all from './types';", true],
  ["import { default as Ctx } from './types';", true],
  ["import type { default as Ctx, Row } from './types';", true],
  ["export { default } from './types';", true],
  ["export { default as AppCtx } from './types';", true],
  ["import * as all from './types';", true],
  ["export * as all from './types';", true],
  ["import types from 'some-package';", true],
  ["import type C from '@types';", true],
  ["import C from '~/types/context';", true],
  ["import C, { types } from '../index';", true],
  ["import Ctx, { types } from '.';", true],
  ["import type C from '.';", true],
  ["import C from '..';", true],
  ["import C from '../';", true],
  ["import C, { Row } from '../index';", true],
  ["import * as all from '..';", true],
  ["import { Row } from '.';", false],
  ["import type { Row } from '..';", false],
  ["import C from './other';", false],
  ["import /* the context */ Ctx from './types';", true],
  ["import Ctx, // the default import\n  { type Row } from './types';", true],
  ["import Ctx /* export */, { type Row } from './types';", true],
  ["const url = 'http://example.com'; import { Row } from './types';", false],
  ["const ctx = require('./types');", true, true],
  ["import ctx = require('./types');", true],
  ["import * as api from './api';\nconst t = api.types;", true],
  ["import type { Row } from './other';\nimport Ctx from './types';", true],
  ["import type { Row } from '../types';", false],
  ["import { Row, type Other } from '@app/types';", false],
  ["import { types } from './names';", false],
  ["export * from './types';", false],
  ["export type { Row } from './types';", false],
  ["import Ctx from './typesafe';", false],
  ["import Types from './Types';", false],
  ["// types\nimport { Row } from './types';\nconst types = 1;", false],
];

describe('references: default-export hints match only files that may import a default under them', () => {
  for (const [text, expected, scanRequires] of cases) {
    it(`${JSON.stringify(text)} → ${expected ? 'may' : 'cannot'}`, () => {
      assert.equal(mayImportDefault(importSignature(text, scanRequires ?? false), 'types'), expected);
    });
  }

  it("a default imported from '.' or '..' may be any hinted default: every hint counts it, a named import counts for none", () => {
    const triggers = new ExportTriggers([{ name: 'types', defaultHint: true }, { name: 'flags', defaultHint: true }]);
    assert.equal(triggers.test(importSignature("import { Row } from './other';\nimport C from '..';", false), () => ''), true);
    assert.equal(triggers.test(importSignature("import type { Row } from '.';\nimport { x } from '../index';", false), () => ''), false);
  });

  it('a name that is also exported by name is open again: every file naming it counts', () => {
    const triggers = new ExportTriggers([{ name: 'types', defaultHint: true }]);
    const signature = importSignature("import { types } from './names';", false);
    assert.equal(triggers.test(signature, () => ''), false);
    assert.deepEqual(triggers.add([{ name: 'types' }]), [{ name: 'types' }]);
    assert.equal(triggers.test(signature, () => ''), true);
    assert.deepEqual(triggers.add([{ name: 'types', defaultHint: true }]), []);
    assert.equal(triggers.test(signature, () => ''), true);
  });
});

describe('references: exported names match where files import names, not in the paths they import from', () => {
  const cases: [text: string, expected: boolean, scanRequires?: boolean][] = [
    ["import { app } from './state';", true],
    ["import { app as current } from '@/state';", true],
    ["import * as state from './state';\nconst c = state.app;", true],
    ["export { app } from './state';", true],
    ["const { app } = require('./state');", true, true],
    ["const app = require('./app').app;", true, true],
    ["export * from '../app';", true],
    ["export * as helpers from './app';", true],
    ["import { pad } from '@/app/lib/util';", false],
    ["import type { AppCtx } from '../app';", false],
  ];
  for (const [text, expected, scanRequires] of cases) {
    it(`${JSON.stringify(text)} → ${expected ? 'may use' : 'cannot use'} app`, () => {
      const signature = importSignature(text, scanRequires ?? false);
      assert.equal(new ExportTriggers([{ name: 'app' }]).test(signature, () => text), expected);
      assert.equal(new ExportTriggers([{ name: 'app', members: ['flags'] }]).test(signature, () => 'export const flags = 1;'), expected);
    });
  }
});
