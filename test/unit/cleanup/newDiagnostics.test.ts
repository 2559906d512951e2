import * as assert from 'node:assert/strict';
import { newDiagnostics, type FileDiagnostic } from '../../../src/core/cleanup/verify';

/** Before and after come from two checkers: the same error may be worded with its union members in another order. */
describe('cleanup: which diagnostics are new after a cleanup', () => {
  const roleError = (union: string, start = 2000): FileDiagnostic => ({
    file: '/w/src/RoleModal.tsx',
    line: 93,
    code: 2345,
    message: `Argument of type '{ permissions: unknown[]; }' is not assignable to parameter of type 'IRolePayload'. Type 'unknown' is not assignable to type 'Pick<IPermission, ${union}>'.`,
    start,
    length: 7,
  });

  it('matches an error whose union members the other checker listed in another order', () => {
    assert.deepEqual(newDiagnostics([roleError('"name" | "environment"')], [roleError('"environment" | "name"')]), []);
  });

  it('still reports an error whose union really differs', () => {
    const problems = newDiagnostics([roleError('"name" | "environment"')], [roleError('"name" | "project"')]);
    assert.equal(problems.length, 1);
    assert.match(problems[0]!.message, /^TS2345: .*"project"/);
  });

  it('in a file the cleanup did not change, matches the same code at the same place however it is worded', () => {
    const before = [{ ...roleError('"a" | "b"'), message: 'Type X is not assignable to type Y.' }];
    const after = [{ ...roleError('"a" | "b"'), message: 'Type X2 is not assignable to type Y.' }];
    assert.deepEqual(newDiagnostics(before, after, new Set(['/w/src/RoleModal.tsx'])), []);
    // In a changed file places shift, so only the wording counts.
    assert.equal(newDiagnostics(before, after).length, 1);
  });

  it('counts repeated errors: a second copy after the cleanup is new', () => {
    const one = roleError('"a" | "b"');
    assert.equal(newDiagnostics([one], [one, { ...one, start: 3000, line: 120 }]).length, 1);
    assert.equal(newDiagnostics([one], [one, { ...one, start: 3000, line: 120 }], new Set([one.file])).length, 1);
  });
});
