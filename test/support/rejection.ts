import * as assert from 'node:assert/strict';
import { FlagLensError } from '../../src/core/errors';

/** The rejection of a promise that must reject, as a FlagLensError. */
export async function rejection(promise: Promise<unknown>): Promise<FlagLensError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof FlagLensError, `expected a FlagLensError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected a rejection');
}
