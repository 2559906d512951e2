import type { CliCommand } from '../command';

/** Every CLI command, in help order. Each command lives in its own file next to this one. */
export const commands: readonly CliCommand[] = [];
