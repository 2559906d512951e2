import { readFileSync } from 'node:fs';

interface FlagdFlagState {
  state: string;
  defaultVariant?: string | null;
  targeting?: unknown;
}

/** The `state` (ENABLED/DISABLED) and serving fields of one flag in a flagd file on disk. */
export function flagdFlag(file: string, key: string): FlagdFlagState {
  const json = JSON.parse(readFileSync(file, 'utf8')) as { flags: Record<string, FlagdFlagState> };
  const flag = json.flags[key];
  if (!flag) throw new Error(`${file} has no flag '${key}'`);
  return flag;
}

export async function waitFor<T>(read: () => T, predicate: (value: T) => boolean, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = read();
  while (!predicate(last)) {
    if (Date.now() > deadline) throw new Error(`${what} never happened within ${timeoutMs / 1000}s; last: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 250));
    last = read();
  }
  return last;
}
