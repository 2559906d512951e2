import { checkFamily } from './fixtureHarness';

describe('references: key resolution', () => {
  it('string literals and templates without substitutions', async () => {
    (await checkFamily('literals')).dispose();
  });

  it('const identifiers in the same file, aliases, destructured constants, shadowing', async () => {
    (await checkFamily('constants')).dispose();
  });

  it('imported constants: named, default, namespace, re-exports, export *, barrels, .js specifiers, require', async () => {
    (await checkFamily('importedConstants')).dispose();
  });

  it('as const maps: nested objects, element access, Object.freeze, spreads, tuples', async () => {
    (await checkFamily('asConstMaps')).dispose();
  });

  it('string enums (regular, const, local, through a namespace import); numeric members are dynamic', async () => {
    (await checkFamily('enums')).dispose();
  });

  it('CommonJS: module.exports objects, exports.X, destructured and whole-module require, wrappers and clients exported from .js', async () => {
    (await checkFamily('commonjs')).dispose();
  });
});
