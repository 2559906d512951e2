/**
 * A tool call that cannot be answered, for a reason the agent can act on. The server turns it into
 * a tool result with `isError: true` and this one line; anything else thrown is reported the same
 * way, never as a crash of the server.
 */
export class ToolError extends Error {
  override readonly name = 'ToolError';
}

/** Longest piece of an argument quoted back: a 1 MB key must not come back as a 1 MB error. */
const maxQuoted = 80;

/** An argument as it is quoted in messages: JSON-escaped (no control characters reach a log) and cut. */
export function quoted(text: string): string {
  const cut = text.length > maxQuoted ? `${text.slice(0, maxQuoted)}…` : text;
  return JSON.stringify(cut).replace(/^"|"$/g, "'");
}
