import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { CliCommand, ParsedCommandArgs } from './command';
import { closestName } from './closestName';
import { FlagLensError, describeError } from '../core/errors';

/** What follows the command name: a request for its usage, or its parsed options and positionals. */
export type CommandLine = { help: true } | { help: false; args: ParsedCommandArgs };

/** Every command also takes these. */
const commonOptions = { verbose: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } as const;

/** Parses a command's arguments; throws a `usage` FlagLensError naming the closest option for a mistyped one. */
export function parseCommandLine(command: CliCommand, args: string[]): CommandLine {
  const options: NonNullable<ParseArgsConfig['options']> = { ...command.options, ...commonOptions };
  // A lenient pass first: `--help` wins over any other mistake on the line, and an unknown option is
  // found by name instead of read back from Node's message.
  const { tokens } = parseArgs({ args, options, allowPositionals: true, strict: false, tokens: true });
  const optionTokens = tokens.filter((token) => token.kind === 'option');
  if (optionTokens.some((token) => token.name === 'help')) return { help: true };
  const unknown = optionTokens.find((token) => !Object.hasOwn(options, token.name) && token.name.length > 0);
  if (unknown) {
    // Only long options have names worth comparing; `-x` is one letter away from everything.
    const suggestion = unknown.rawName.startsWith('--') ? closestName(unknown.name, Object.keys(options)) : undefined;
    throw new FlagLensError('usage', `Unknown option '${unknown.rawName}'.${suggestion ? ` Did you mean '--${suggestion}'?` : ''}`);
  }
  try {
    return { help: false, args: parseArgs({ args, options, allowPositionals: true, strict: true }) };
  } catch (error) {
    throw new FlagLensError('usage', describeError(error), { cause: error });
  }
}
