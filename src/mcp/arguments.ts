import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import { findingKinds, type StaleKind } from '../core/stale/model';
import { ToolError, quoted } from './toolError';

/** Longer than any vendor allows (LaunchDarkly: 256, Unleash: 100); longer input is not a key. */
export const maxKeyLength = 256;
/** A JSON variation value an agent spells out; flag values are small. */
export const maxKeepLength = 64 * 1024;

/** The argument fields the tools share, with the descriptions agents read. */
export const argumentFields = {
  key: z.string().min(1).max(maxKeyLength).describe('The flag key exactly as the flag source and the code spell it, e.g. "new-checkout".'),
  environment: z
    .string()
    .min(1)
    .max(maxKeyLength)
    .describe('The environment key (e.g. "dev"); for flagd files also the file path relative to the folder (e.g. "flags/dev.flagd.json").'),
  keep: z
    .union([z.string().max(maxKeepLength), z.boolean(), z.number()])
    .optional()
    .describe(
      'The value every reference becomes. Boolean flags: true/false (or on/off, yes/no, enabled/disabled, 1/0). Flags with variations: one of their values (a string as it is, a number, or JSON text). Leave it out to keep the value the flag source serves to everyone, when the flag is released or removed.',
    ),
  keepLiteral: z.boolean().optional().describe('Keep the keep text as written (true/false/null, a number, JSON, else the string) without checking it against the flag\'s type or variations.'),
  kinds: z
    .array(z.enum(findingKinds as [StaleKind, ...StaleKind[]]))
    .max(findingKinds.length * 2)
    .optional()
    .describe(`Only these finding kinds (default: all): ${findingKinds.join(', ')}.`),
} as const;

/**
 * A flag key as an agent may send one: refused when it could only be something else (a path, a
 * control sequence), so a confused call fails with a reason instead of matching nothing. Keys may
 * contain `/` (flagd allows it); only one that also names something in the folder is refused.
 */
export async function checkFlagKey(key: string, root: string, what = 'flag key'): Promise<string> {
  checkName(key, what);
  const looksLikeAPath = key.includes('/') || key.includes('\\') || /\.(tsx?|jsx?|mjs|cjs|json)$/i.test(key);
  if (looksLikeAPath) {
    const stat = await fs.stat(path.resolve(root, key)).catch(() => undefined);
    if (stat) throw new ToolError(`${quoted(key)} names a ${stat.isDirectory() ? 'folder' : 'file'} in the workspace, not a ${what}.`);
  }
  return key;
}

/** The checks that need no disk: for keys and environment names alike. */
export function checkName(value: string, what: string): string {
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(value)) throw new ToolError(`The ${what} ${quoted(value)} contains control characters; no ${what} does.`);
  if (value.trim() !== value || value.trim() === '') throw new ToolError(`The ${what} ${quoted(value)} has leading or trailing spaces; no ${what} does.`);
  if (/(^|[/\\])\.\.([/\\]|$)/.test(value)) throw new ToolError(`The ${what} ${quoted(value)} contains a '..' path segment; it is not a ${what}.`);
  if (/^([/\\~]|[A-Za-z]:[/\\])/.test(value)) throw new ToolError(`The ${what} ${quoted(value)} is an absolute path, not a ${what}.`);
  return value;
}

/** `keep` as the CLI's `--keep` text, so the same words mean the same value (`resolveKeepValue`). */
export function keepText(keep: string | boolean | number | undefined): string | undefined {
  if (keep === undefined) return undefined;
  return typeof keep === 'string' ? keep : String(keep);
}
