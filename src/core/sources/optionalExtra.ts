import { FlagLensError } from '../errors';
import type { SourceProblem } from './model';

/**
 * Loads something a snapshot can do without (statuses, archived flags, segment names). A token
 * scoped too narrowly for it still gets flags, with a note in the snapshot's problems; failures of
 * the main calls (auth, network) still fail the refresh.
 */
export async function loadOptionalExtra<T>(
  vendor: string,
  what: string,
  problems: SourceProblem[],
  load: () => Promise<T>,
): Promise<T | undefined> {
  try {
    return await load();
  } catch (error) {
    if (FlagLensError.is(error) && (error.reason === 'forbidden' || error.reason === 'notFound' || error.reason === 'invalidConfig')) {
      problems.push({ message: `${vendor} ${what} unavailable: ${error.message}` });
      return undefined;
    }
    throw error;
  }
}
