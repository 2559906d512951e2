import * as v8 from 'node:v8';

/** One V8's flag for how long a function runs before its optimizing compiler takes it. */
export interface TierUpSetting {
  /** The flag's name without dashes. */
  readonly flag: string;
  /** V8's own default for it. */
  readonly defaultValue: number;
  /** What the CLI sets: four times the default. */
  readonly value: number;
}

/**
 * The setting per V8 the CLI has been measured on, by `major.minor`. A scan runs many distinct code
 * paths a few hundred times each and is over in two seconds; at V8's default it optimizes hundreds
 * of them on the second core while that core is also collecting garbage, and the code is thrown away
 * at exit. Unleash, whole CLI, alternating runs: Node 20 1,986 → 1,740 ms (2× gained less, 8× and
 * 16× as much, 62× less; below the default lost 10-25 %); Node 22 1,740 → 1,612 ms. TypeScript's
 * parse-only pass, one hot loop, is not faster with either. Long runs (cleanup's type check, the MCP
 * server) still reach optimized code, a few hundred calls later.
 *
 * Another V8 gets nothing: its flags are not known here, and an unknown flag makes V8 print an
 * error on every start (Node 22 has no `--interrupt-budget`).
 */
const settings: Readonly<Record<string, TierUpSetting>> = {
  // Node 20
  '11.3': { flag: 'interrupt-budget', defaultValue: 67_584, value: 4 * 67_584 },
  // Node 22
  '12.4': { flag: 'invocation-count-for-turbofan', defaultValue: 3_000, value: 4 * 3_000 },
};

export function tierUpSettingFor(v8Version: string): TierUpSetting | undefined {
  const majorMinor = /^(\d+\.\d+)\./.exec(v8Version)?.[1];
  return majorMinor === undefined ? undefined : settings[majorMinor];
}

/**
 * The V8 flag to set, or none: for a V8 not in the table, or when the `node` command line already
 * sets that flag, in any spelling V8 takes (`-` or `--`, `-` or `_`). NODE_OPTIONS cannot: Node
 * refuses these flags there.
 */
export function tierUpFlag(execArgv: readonly string[], v8Version: string = process.versions.v8): string | undefined {
  const setting = tierUpSettingFor(v8Version);
  if (!setting) return undefined;
  const name = setting.flag.split('-').join('[-_]');
  const chosen = new RegExp(`^--?${name}(?:=|$)`);
  if (execArgv.some((arg) => chosen.test(arg))) return undefined;
  return `--${setting.flag}=${setting.value}`;
}

/**
 * Sets the flag for functions created from now on; call it before the CLI bundle loads. Only this
 * flag: V8 reads it whenever it resets a budget, where flags of the collector changed at run time
 * can crash the process (`--single-threaded-gc` does).
 */
export function raiseTierUpBudget(execArgv: readonly string[] = process.execArgv): void {
  const flag = tierUpFlag(execArgv);
  if (flag) v8.setFlagsFromString(flag);
}
