import { FlagLensError } from '../errors';

/** Settles with the promise, or rejects as cancelled as soon as the signal fires (the promise may run on unheeded). */
export function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(new FlagLensError('cancelled', 'The operation was cancelled.'));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new FlagLensError('cancelled', 'The operation was cancelled.'));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
