import { throwIfAborted } from '../errors';
import type { FileAnalysis } from './fileAnalyzer';
import type { FileSignals } from './fileSignals';
import { ExportTriggers, type ExportTrigger } from './exportTriggers';

/** Longest stretch of analysis between two turns of the host's event loop. */
const sliceMs = 25;

/**
 * Analyzes the seeds, then in rounds every file that imports a name found to carry flags (a
 * client, hook or wrapper of an analyzed file: multi-level wrappers) or whose component an analyzed
 * file wraps with withLDConsumer or hands a flags object. Returns the flag-carrying exported names
 * found. The event loop gets a turn every `sliceMs`: in an editor, a lens or hover request for a
 * file analyzed first must not wait behind others on a busy machine.
 */
export async function analyzeCandidatesSliced(
  signals: ReadonlyMap<string, FileSignals>,
  analyze: (file: string) => FileAnalysis | undefined,
  /** Already analyzed, or not a script of the index: not a candidate (again). */
  done: (file: string) => boolean,
  /** A file's text, asked for only when it imports a name whose flags are reached through named members. */
  textOf: (file: string) => string | undefined,
  signal: AbortSignal | undefined,
  /** When a round finds nothing new: the exported types looked at again whose files were parsed since (see FileAnalysis.typesAwaiting). */
  typesAgain: () => ExportTrigger[] = () => [],
  /** The workspace file an import of a file leads to (see ExportTriggers.test). */
  resolveFile?: (fromFile: string, specifier: string) => string | undefined,
): Promise<ExportTriggers> {
  // Files whose references were read without parsing wait like any other file until a name they import carries flags.
  let pending = [...signals.keys()].filter((f) => signals.get(f)!.seed && !signals.get(f)!.literalReferences);
  const triggers = new ExportTriggers();
  const components = new Set<string>();
  const again = new Set<string>();
  let sliceStart = performance.now();
  while (pending.length > 0) {
    const newTriggers: ExportTrigger[] = [];
    for (const file of pending) {
      if (performance.now() - sliceStart > sliceMs) {
        throwIfAborted(signal);
        await new Promise((resolve) => setImmediate(resolve));
        sliceStart = performance.now();
      }
      const analysis = analyze(file);
      newTriggers.push(...triggers.add(analysis?.exportedNames ?? []));
      for (const component of analysis?.consumerComponentFiles ?? []) {
        if (components.has(component)) continue;
        components.add(component);
        // Analyzed before this file handed it flags (a seed of its own, read earlier): its props carried none then.
        if (signals.has(component) && done(component)) again.add(component);
      }
    }
    // Components wrapped with withLDConsumer or handed flags in another file read flags from their props.
    const wrapped = [...components].filter((f) => !done(f));
    const redo = [...again];
    again.clear();
    const importers = (found: ExportTrigger[]): string[] => {
      const fresh = new ExportTriggers(found);
      return found.length === 0 ? [] : [...signals.keys()].filter((f) => !done(f) && fresh.test(signals.get(f)!.signature, () => textOf(f), resolveFile && ((specifier) => resolveFile(f, specifier))));
    };
    pending = [...new Set([...wrapped, ...redo, ...importers(newTriggers)])];
    // Nothing left: exported types whose look passed over a file parsed since may lead on now.
    while (pending.length === 0) {
      const late = triggers.add(typesAgain());
      if (late.length === 0) break;
      pending = importers(late);
    }
  }
  return triggers;
}
