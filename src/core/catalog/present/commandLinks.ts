import { FlagLensError } from '../../errors';

/**
 * The only commands a hover or tooltip links to. The extension trusts its Markdown for exactly these
 * (`isTrusted: { enabledCommands: flagLinkCommands }`), so a link a flag value might smuggle in
 * could at most reach one of them, and escaping makes sure none does. The last four take no
 * arguments: they connect a source when none is configured, or show why none loaded.
 */
export const flagLinkCommands = [
  'flaglens.toggleFlag',
  'flaglens.changeRollout',
  'flaglens.findReferences',
  'flaglens.openInDashboard',
  'flaglens.openReference',
  'flaglens.useFlagdFile',
  'flaglens.connectLaunchDarkly',
  'flaglens.connectUnleash',
  'flaglens.showOutput',
] as const;

export type FlagLinkCommand = (typeof flagLinkCommands)[number];

export interface FlagCommandArgs {
  key: string;
  sourceId?: string;
  environment?: string;
}

/** Arguments of a link: the flag plus the folder context the extension adds. */
export type FlagLinkArgs = FlagCommandArgs & { folder?: string };

/**
 * `flaglens.openReference`: one reference of `key`, by its file (absolute, as the index spells it)
 * and 0-based line. The command opens it only if the index still has such a reference, so the
 * link can never open anything else.
 */
export interface ReferenceLinkArgs {
  key: string;
  file: string;
  line: number;
  folder?: string;
}

/** Characters `encodeURIComponent` leaves alone but a Markdown link destination or title would read. */
const unsafeInDestination = /[!'()*~]/g;

/**
 * A `command:` URI for a Markdown link, the one place they are built: the id must be one of
 * `flagLinkCommands`, the arguments are JSON, percent-encoded so no key can end the destination.
 * `%` inside the JSON is written `\u0025`: VS Code percent-decodes the query when it parses the URI
 * and then again before `JSON.parse`, so a key holding `%22` would otherwise become a `"` and could
 * add or override arguments (another flag's key, another environment).
 */
export function commandLink(command: FlagLinkCommand, args?: FlagLinkArgs | ReferenceLinkArgs): string {
  if (!(flagLinkCommands as readonly string[]).includes(command)) throw new FlagLensError('usage', `Not a command hovers may link to: ${command}.`);
  if (args === undefined) return `command:${command}`;
  const json = JSON.stringify([args]).replace(/%/g, '\\u0025');
  const query = encodeURIComponent(json).replace(unsafeInDestination, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `command:${command}?${query}`;
}
