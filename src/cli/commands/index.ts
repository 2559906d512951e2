import type { CliCommand } from '../command';
import { scanCommand } from './scan';
import { flagsCommand } from './flags';
import { toggleCommand } from './toggle';
import { rolloutCommand, unreleaseCommand } from './rollout';
import { staleCommand } from './stale';
import { cleanupCommand } from './cleanup';
import { mcpCommand } from './mcp';

/** Every CLI command, in help order. Each command lives in its own file next to this one. */
export const commands: readonly CliCommand[] = [scanCommand, flagsCommand, toggleCommand, rolloutCommand, unreleaseCommand, staleCommand, cleanupCommand, mcpCommand];
