import * as fs from 'node:fs';
import type { CorpusManifest } from '../generateCorpus';
import { runFlagd } from './flagdPhase';
import { runIndex } from './indexPhase';
import { collectGarbage, PeakRss } from './memory';
import { runNaive } from './naivePhase';
import { runParseOnly } from './parseOnlyPhase';
import { runRepoIndex, runRepoParseOnly, type RepoRequest } from '../repo/repoPhases';

export type PhaseName = 'parseOnly' | 'naive' | 'index' | 'flagd' | 'repoIndex' | 'repoParseOnly';

export interface PhaseRequest {
  phase: PhaseName;
  manifestFile: string;
  naiveSample?: number;
  edits?: number;
  seed: number;
  /** Write CPU profiles of the index build and of the re-index loop here. */
  profileDir?: string;
  /** Real-repository mode (`--repo`): the folder instead of the generated corpus. */
  repo?: RepoRequest;
}

export interface PhaseReply {
  phase: PhaseName;
  peakRssMb: number;
  result: unknown;
  error?: string;
}

/** Runs one measured phase in this (child) process, so its peak memory is its own. */
async function main(): Promise<void> {
  const request = JSON.parse(process.argv[2] ?? '{}') as PhaseRequest;
  const manifest = request.repo ? undefined : (JSON.parse(fs.readFileSync(request.manifestFile, 'utf8')) as CorpusManifest);
  collectGarbage();
  const memory = new PeakRss();
  let result: unknown;
  switch (request.phase) {
    case 'parseOnly':
      result = runParseOnly(manifest!);
      break;
    case 'naive':
      result = runNaive(manifest!, request.naiveSample);
      break;
    case 'index':
      result = await runIndex(manifest!, memory, request.edits, request.profileDir);
      break;
    case 'repoIndex':
      result = await runRepoIndex(request.repo!, memory);
      break;
    case 'repoParseOnly':
      result = runRepoParseOnly(request.repo!);
      break;
    case 'flagd':
      result = await runFlagd(10_000, request.seed);
      break;
  }
  const reply: PhaseReply = { phase: request.phase, peakRssMb: memory.stop(), result };
  process.send?.(reply);
}

main().catch((error: unknown) => {
  const reply: PhaseReply = { phase: 'index', peakRssMb: NaN, result: undefined, error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  process.send?.(reply);
  process.exitCode = 1;
});
