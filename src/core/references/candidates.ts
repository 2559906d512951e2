import { throwIfAborted } from '../errors';
import type { FileAnalysis } from './fileAnalyzer';
import type { FileSignals } from './fileSignals';
import { NameMatcher } from './prefilter';

/**
 * Analyzes the seeds, then in rounds every file that imports a name found to carry flags (a
 * client, hook or wrapper of an analyzed file: multi-level wrappers) or whose component an
 * analyzed file wraps with withLDConsumer. Returns every flag-carrying exported name found.
 */
export async function analyzeCandidates(
  signals: ReadonlyMap<string, FileSignals>,
  analyze: (file: string) => FileAnalysis | undefined,
  /** Already analyzed, or not a script of the index: not a candidate (again). */
  done: (file: string) => boolean,
  signal: AbortSignal | undefined,
): Promise<Set<string>> {
  let pending = [...signals.keys()].filter((f) => signals.get(f)!.seed);
  const names = new Set<string>();
  const components = new Set<string>();
  while (pending.length > 0) {
    const newNames: string[] = [];
    for (let i = 0; i < pending.length; i++) {
      if (i % 50 === 49) {
        throwIfAborted(signal);
        await new Promise((resolve) => setImmediate(resolve));
      }
      const analysis = analyze(pending[i]!);
      for (const name of analysis?.exportedNames ?? []) {
        if (!names.has(name)) {
          names.add(name);
          newNames.push(name);
        }
      }
      for (const component of analysis?.consumerComponentFiles ?? []) components.add(component);
    }
    // Components wrapped with withLDConsumer in another file read flags from their props.
    const wrapped = [...components].filter((f) => !done(f));
    if (newNames.length === 0 && wrapped.length === 0) break;
    const matcher = new NameMatcher(newNames);
    pending = [...new Set([...wrapped, ...[...signals.keys()].filter((f) => !done(f) && matcher.test(signals.get(f)!.signature))])];
  }
  return names;
}
