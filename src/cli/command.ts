import type { ParseArgsConfig } from 'node:util';
import type { Logger } from '../core/log';

/** What a command may touch; tests pass their own to capture output. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  cwd: string;
  env: NodeJS.ProcessEnv;
  logger: Logger;
  signal: AbortSignal;
}

export interface ParsedCommandArgs {
  values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  positionals: string[];
}

export interface CliCommand {
  name: string;
  summary: string;
  /** Usage lines shown by `flaglens help <command>`. */
  usage: string;
  options: NonNullable<ParseArgsConfig['options']>;
  run(args: ParsedCommandArgs, io: CliIo): Promise<number>;
}

/** Exit codes shared by every command. */
export const ExitCode = {
  ok: 0,
  /** Findings that should fail a CI step (stale flags with --fail-on, unsafe cleanup). */
  findings: 1,
  usage: 2,
  source: 3,
} as const;
