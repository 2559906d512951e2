import type { FuzzCase } from './generateCase';
import { runCase, type CaseOutcome } from './targets';

/**
 * Child process that runs cases one at a time for the runner, which kills and restarts it when a
 * case hangs or the process dies (stack overflow in native code, out of memory).
 */
interface RunMessage {
  id: number;
  fuzzCase: FuzzCase;
}

export type WorkerMessage = { type: 'ready' } | { type: 'result'; id: number; outcome: CaseOutcome; ms: number } | { type: 'fatal'; error: string };

function send(message: WorkerMessage): void {
  process.send?.(message);
}

function fatal(error: unknown): void {
  // An error that escaped every await of the case (a floating promise in the code under test).
  send({ type: 'fatal', error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  setTimeout(() => process.exit(70), 50);
}

// Deep enough to see which of our frames called into ts-morph or jsonc-parser.
Error.stackTraceLimit = 20_000;
process.on('uncaughtException', fatal);
process.on('unhandledRejection', fatal);
process.on('message', (message: RunMessage) => {
  const started = performance.now();
  runCase(message.fuzzCase).then(
    (outcome) => send({ type: 'result', id: message.id, outcome, ms: Math.round(performance.now() - started) }),
    (error: unknown) => fatal(error),
  );
});
process.on('disconnect', () => process.exit(0));
send({ type: 'ready' });
