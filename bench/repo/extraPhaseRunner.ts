import { fork } from 'node:child_process';
import * as path from 'node:path';
import { collectGarbage, PeakRss } from '../phases/memory';
import { runCleanupMemory, type CleanupMemoryRequest } from './cleanupMemory';
import { runCleanup, runOpenFile, type CleanupPhaseRequest, type OpenFileRequest } from './extraPhases';

export type ExtraPhaseRequest =
  | { phase: 'openFile'; request: OpenFileRequest }
  | { phase: 'cleanup'; request: CleanupPhaseRequest }
  | { phase: 'cleanups'; request: CleanupMemoryRequest };

export interface ExtraPhaseReply {
  peakRssMb: number;
  result?: unknown;
  error?: string;
}

/**
 * Runs one of the open-file / cleanup phases in a fresh Node process (this one's flags: tsx,
 * --expose-gc), so its time is cold and its peak RSS is its own.
 */
export function runExtraPhase<T>(request: ExtraPhaseRequest): Promise<{ result: T; peakRssMb: number }> {
  return new Promise((resolve, reject) => {
    const child = fork(__filename, [JSON.stringify(request)], { execArgv: process.execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let reply: ExtraPhaseReply | undefined;
    child.on('message', (message) => (reply = message as ExtraPhaseReply));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (reply?.error) reject(new Error(`${request.phase} phase failed:\n${reply.error}`));
      else if (reply) resolve({ result: reply.result as T, peakRssMb: reply.peakRssMb });
      else reject(new Error(`${request.phase} phase exited (${signal ?? `code ${code}`}) without a result`));
    });
  });
}

async function main(): Promise<void> {
  const request = JSON.parse(process.argv[2] ?? '{}') as ExtraPhaseRequest;
  collectGarbage();
  const memory = new PeakRss();
  const result =
    request.phase === 'openFile' ? await runOpenFile(request.request) : request.phase === 'cleanups' ? await runCleanupMemory(request.request) : await runCleanup(request.request, memory);
  process.send?.({ peakRssMb: memory.stop(), result } satisfies ExtraPhaseReply);
}

// Only as the forked child: the parent imports runExtraPhase from this same file.
if (require.main === module || (process.send !== undefined && process.argv[1] && path.resolve(process.argv[1]) === __filename)) {
  main().catch((error: unknown) => {
    process.send?.({ peakRssMb: NaN, error: error instanceof Error ? (error.stack ?? error.message) : String(error) } satisfies ExtraPhaseReply);
    process.exitCode = 1;
  });
}
