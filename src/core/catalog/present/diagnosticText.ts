import { quoted, visibleLine } from './plainText';

/*
 * The Problems panel's messages: one short sentence each, quotes balanced whatever a key holds
 * (`quoted`), and never naming Flag Lens, which the panel already shows as the diagnostic's source
 * beside every one.
 */

/** Past this a message is cut: the Problems panel shows one line per problem. */
export const diagnosticMessageLimit = 140;

function sentence(text: string): string {
  const line = `${visibleLine(text).trim().replace(/[\s.;:]+$/, '')}.`;
  return line.length > diagnosticMessageLimit ? `${line.slice(0, diagnosticMessageLimit - 1)}…` : line;
}

/** `Unknown flag key 'new-chekout': no configured source defines it. Did you mean 'new-checkout'?` */
export function unknownKeyMessage(key: string, suggestion: string | undefined): string {
  const message = `Unknown flag key ${quoted(key, 60)}: no configured source defines it.`;
  return suggestion === undefined ? message : `${message} Did you mean ${quoted(suggestion, 60)}?`;
}

/** `Flag key only known at run time: key comes from parameter 'experiment' of 'isInExperiment'.` */
export function dynamicKeyMessage(reason: string): string {
  return sentence(`Flag key only known at run time: ${reason}`);
}

/**
 * The stale rule's one-line message (it names the flag) after its kind: `Stale (released): 'k' is
 * released: …`; a hint is not called stale, its message says what it is.
 */
export function staleMessage(kind: string, message: string, hint = false): string {
  return sentence(hint ? message : `Stale (${kind}): ${message}`);
}

/** A flag file's problem; an error means the file's last good state is what the editor shows. */
export function sourceProblemMessage(message: string, severity: 'error' | 'warning' | undefined): string {
  const text = visibleLine(message).trim();
  return severity === 'warning' ? text : `${text.replace(/[\s.]+$/, '')}. The last good state is kept until this is fixed.`;
}

/** The faded code a clean-up will remove. */
export function deadBranchMessage(key: string, keepValue: unknown): string {
  return `Never runs once ${quoted(key, 60)} is cleaned up: the source serves ${JSON.stringify(keepValue)} for good.`;
}
