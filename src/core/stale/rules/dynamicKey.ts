import { dynamicKeyPlaceholder, type StaleFinding } from '../model';
import type { StaleContext } from '../context';

/**
 * Dynamic keys: an evaluation whose key the index could not resolve reads a flag no check can see
 * — it may be the one `unused` calls unreferenced, a removed flag, or a typo. One hint per
 * evaluation, located at it. Reported with or without a source: the blind spot is the same.
 */
export function dynamicKeyFindings(context: StaleContext): StaleFinding[] {
  return context.dynamicReferences.map((d) => ({
    kind: 'dynamicKey',
    key: dynamicKeyPlaceholder,
    severity: 'hint',
    message: `A flag is evaluated with a key that cannot be resolved statically (${d.reason})`,
    evidence: [
      `${d.pattern}: ${d.reason}`,
      'no check can tell which flag it reads: a removed, released, unused or misspelt flag may hide behind it',
    ],
    action: 'Use a literal or constant key here, or declare the wrapper that passes it in .flaglens.json "patterns", so every check sees the flag.',
    at: { file: d.file, line: d.span.startLine, character: d.span.startCharacter, endLine: d.span.endLine, endCharacter: d.span.endCharacter },
  }));
}
