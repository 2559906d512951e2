/**
 * Core logs through this interface so it never depends on an editor; the extension feeds it a
 * LogOutputChannel, the CLI writes to stderr.
 */
export interface Logger {
  trace(message: string, ...args: unknown[]): void;
  debug(message: string, ...args: unknown[]): void;
  info(message: string, ...args: unknown[]): void;
  warn(message: string, ...args: unknown[]): void;
  error(message: string | Error, ...args: unknown[]): void;
}

export const silentLogger: Logger = {
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

const secretPatterns: readonly RegExp[] = [
  // key=value and "key": "value" forms for anything that looks like a credential.
  /((?:token|secret|password|authorization|api[-_]?key)["']?\s*[:=]\s*["']?(?:(?:Bearer|Basic|Token)\s+)?)([^"'\s,;&]+)/gi,
  // Unleash tokens look like `project:env.hex`, LaunchDarkly ones like `api-<uuid>`.
  /\b(api-[0-9a-f]{8}-[0-9a-f-]{27,})\b/gi,
  /(\*|[\w-]+):(\*|[\w-]+)\.[0-9a-f]{16,}/gi,
  /(Bearer\s+)([\w.~+/-]+=*)/gi,
  // URL userinfo (`https://user:password@host`): the whole of it, a user name alone can be a token.
  /(\b[a-z][a-z\d+.-]*:\/\/)([^\s/?#@]+)(?=@)/gi,
];

/** Removes anything credential-shaped; used on every log line and error message that leaves core. */
export function redact(text: string, knownSecrets: readonly string[] = []): string {
  let out = text;
  for (const secret of knownSecrets) {
    if (secret.length >= 4) out = out.split(secret).join('***');
  }
  for (const pattern of secretPatterns) {
    // With one capture group the callback's third argument is the match offset, not a value:
    // only a (prefix, value) pair keeps its prefix.
    out = out.replace(pattern, (match, prefix: unknown, value: unknown) =>
      typeof prefix === 'string' && typeof value === 'string' && match.startsWith(prefix) ? `${prefix}***` : '***',
    );
  }
  return out;
}
