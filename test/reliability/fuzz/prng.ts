import { Random } from '../../../bench/corpus/random';

/**
 * The benchmark's seeded PRNG (mulberry32), with the draws the mutators need, so a fuzz case is a
 * pure function of (seed, case number): any case can be regenerated without running the ones before it.
 */
export class Rng {
  private readonly random: Random;

  constructor(seed: number) {
    this.random = new Random(seed);
  }

  /** [0, 1) */
  float(): number {
    return this.random.next();
  }

  /** [0, n) */
  int(n: number): number {
    return n <= 0 ? 0 : Math.floor(this.float() * n);
  }

  /** [lo, hi] */
  range(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }

  chance(p: number): boolean {
    return this.float() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[this.int(items.length)]!;
  }

  /** Log-uniform in [1, max]: mostly small, sometimes huge (nesting depth, literal length). */
  size(max: number): number {
    return Math.max(1, Math.floor(Math.exp(this.float() * Math.log(max))));
  }
}

/** Mixes the run seed and the case number into an independent case seed. */
export function caseSeed(seed: number, caseNumber: number): number {
  let h = Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(caseNumber + 0x27d4eb2f, 0xc2b2ae35);
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  h ^= h >>> 16;
  return h >>> 0;
}
