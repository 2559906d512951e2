import type * as vscode from 'vscode';
import { redact, type Logger } from '../core/log';

function render(message: string | Error, args: unknown[]): string {
  const head = message instanceof Error ? message.message : message;
  const rest = args.map((arg) => (arg instanceof Error ? arg.message : typeof arg === 'string' ? arg : JSON.stringify(arg)));
  return [head, ...rest].join(' ');
}

/**
 * Core's Logger over a LogOutputChannel. Every line passes through `redact` with the tokens the
 * extension currently holds, so a token can never reach the Output panel.
 */
export function createLogger(channel: vscode.LogOutputChannel, knownSecrets: () => readonly string[]): Logger {
  const clean = (message: string | Error, args: unknown[]): string => redact(render(message, args), knownSecrets());
  return {
    trace: (message, ...args) => channel.trace(clean(message, args)),
    debug: (message, ...args) => channel.debug(clean(message, args)),
    info: (message, ...args) => channel.info(clean(message, args)),
    warn: (message, ...args) => channel.warn(clean(message, args)),
    error: (message, ...args) => channel.error(clean(message, args)),
  };
}
