import { camel, constantCase, flagFirstWords, flagSecondWords, kebab, pascal } from './names';
import type { Random } from './random';

/** One synthetic flag and every spelling the generated code uses for it. */
export interface BenchFlag {
  key: string;
  /** `NEW_CHECKOUT`: the constant in `@bench/flags`, the `FLAGS` map member. */
  constant: string;
  /** `NewCheckout`: the `Flag` enum member. */
  enumMember: string;
  /** `newCheckout`: how LaunchDarkly's React SDK exposes it, and its name in `FLAG_GROUPS`. */
  camel: string;
  /** `checkout`: its group in `FLAG_GROUPS`. */
  group: string;
}

export function createFlagCatalog(random: Random, count: number): BenchFlag[] {
  const combos: [string, string][] = [];
  for (const first of flagFirstWords) for (const second of flagSecondWords) combos.push([first, second]);
  if (count > combos.length) throw new Error(`at most ${combos.length} flags`);
  return random.sample(combos, count).map(([first, second]) => ({
    key: kebab(first, second),
    constant: constantCase(first, second),
    enumMember: pascal(first, second),
    camel: camel(first, second),
    group: second,
  }));
}

/** Hands out flags in a shuffled cycle so every flag is referenced before any is referenced twice. */
export class FlagQueue {
  private position = 0;

  constructor(private readonly flags: readonly BenchFlag[]) {}

  next(): BenchFlag {
    const flag = this.flags[this.position % this.flags.length] as BenchFlag;
    this.position++;
    return flag;
  }
}
