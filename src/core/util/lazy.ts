/**
 * A value built on first use. Module-level tables of TypeScript syntax kinds use it: reading `ts`
 * when a module loads would pull TypeScript (about 10 MB of JavaScript) into the editor's
 * activation, where the extension bundle loads it only for the first analysis.
 */
export function lazy<T>(make: () => T): () => T {
  let value: T | undefined;
  let made = false;
  return () => {
    if (!made) {
      value = make();
      made = true;
    }
    return value as T;
  };
}
