import { fork } from 'node:child_process';
import * as path from 'node:path';
import type { PhaseReply, PhaseRequest } from './phaseRunner';

/** Runs a phase in a fresh Node process (same flags as this one) and waits for its reply. */
export function runPhase(request: PhaseRequest, extraNodeArgs: string[] = []): Promise<PhaseReply> {
  return new Promise((resolve, reject) => {
    const child = fork(path.join(__dirname, 'phaseRunner.ts'), [JSON.stringify(request)], {
      execArgv: [...process.execArgv, ...extraNodeArgs],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let reply: PhaseReply | undefined;
    child.on('message', (message) => {
      reply = message as PhaseReply;
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (reply?.error) reject(new Error(`${request.phase} phase failed:\n${reply.error}`));
      else if (reply) resolve(reply);
      else reject(new Error(`${request.phase} phase exited (${signal ?? `code ${code}`}) without a result`));
    });
  });
}
