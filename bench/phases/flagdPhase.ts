import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { FlagdSource } from '../../src/core/sources/flagd/flagdSource';
import type { FlagSnapshot } from '../../src/core/sources/model';
import { Random } from '../corpus/random';
import { startClock } from './memory';

export interface FlagdResult {
  available: boolean;
  flags: number;
  loaded: number;
  fileBytes: number;
  ms: number;
  cpuMs: number;
  problems: number;
}

interface FlagdModule {
  FlagdSource: new (options: { root: string }) => { refresh(): Promise<FlagSnapshot>; dispose(): void };
}

// Compile-time guard: the real flagd source must keep the constructor and methods used here.
const flagdApiMatches: typeof FlagdSource extends FlagdModule['FlagdSource'] ? true : false = true;
void flagdApiMatches;

/** A flagd file with booleans, strings, numbers and objects; a third carry targeting (rules and fractional splits). */
export function writeFlagdFile(dir: string, count: number, seed: number): string {
  const random = new Random(seed);
  const flags: Record<string, unknown> = {};
  for (let i = 0; i < count; i++) {
    const type = random.int(0, 3);
    const variants: Record<string, unknown> =
      type === 0 ? { on: true, off: false } : type === 1 ? { control: 'control', treatment: 'treatment-b' } : type === 2 ? { low: 10, high: 100 } : { v1: { layout: 'grid' }, v2: { layout: 'list' } };
    const names = Object.keys(variants);
    const flag: Record<string, unknown> = { state: random.chance(0.8) ? 'ENABLED' : 'DISABLED', variants, defaultVariant: names[0] };
    if (random.chance(0.33)) {
      flag.targeting = random.chance(0.5)
        ? { if: [{ in: ['@example.com', { var: 'email' }] }, names[1], names[0]] }
        : { fractional: [{ cat: [{ var: '$flagd.flagKey' }, { var: 'targetingKey' }] }, [names[0], 50], [names[1], 50]] };
    }
    flags[`bench-flag-${i.toString().padStart(5, '0')}`] = flag;
  }
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'flags.flagd.json');
  fs.writeFileSync(file, JSON.stringify({ $schema: 'https://flagd.dev/schema/v0/flags.json', flags }, null, 2));
  return file;
}

/** Time for the flagd source to load a 10k-flag file into a snapshot. */
export async function runFlagd(count: number, seed: number): Promise<FlagdResult> {
  const modulePath = '../../src/core/sources/flagd/flagdSource';
  let loaded: Partial<FlagdModule>;
  try {
    loaded = (await import(modulePath)) as Partial<FlagdModule>;
  } catch {
    return { available: false, flags: count, loaded: 0, fileBytes: 0, ms: NaN, cpuMs: NaN, problems: 0 };
  }
  if (!loaded.FlagdSource) return { available: false, flags: count, loaded: 0, fileBytes: 0, ms: NaN, cpuMs: NaN, problems: 0 };
  const dir = path.join(os.tmpdir(), 'flaglens-bench', `flagd-${count}-${seed}`);
  const file = writeFlagdFile(dir, count, seed);
  const source = new loaded.FlagdSource({ root: dir });
  const stop = startClock();
  const snapshot = await source.refresh();
  const { wallMs: ms, cpuMs } = stop();
  source.dispose();
  return { available: true, flags: count, loaded: snapshot.flags.length, fileBytes: fs.statSync(file).size, ms, cpuMs, problems: snapshot.problems?.length ?? 0 };
}
