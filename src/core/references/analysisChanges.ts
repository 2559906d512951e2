import type { FileAnalysis } from './fileAnalyzer';

/**
 * Which files' results really changed across an update: an edit often re-analyzes dependents whose
 * references come out the same, and only real changes should reach the editor's surfaces.
 */
export type AnalysisSnapshot = Map<string, string | undefined>;

/** Serialized analyses of some files (or all). */
export function snapshotAnalyses(analyses: ReadonlyMap<string, FileAnalysis>, files: Iterable<string> = analyses.keys()): AnalysisSnapshot {
  const out: AnalysisSnapshot = new Map();
  for (const file of files) {
    const analysis = analyses.get(file);
    out.set(file, analysis && JSON.stringify([analysis.references, analysis.dynamic, analysis.wrapperSites, analysis.wrapperUses]));
  }
  return out;
}

/** Files whose analysis differs from `before` (appeared, disappeared or changed). */
export function changedFiles(
  analyses: ReadonlyMap<string, FileAnalysis>,
  before: AnalysisSnapshot,
  files: Iterable<string> = new Set([...before.keys(), ...analyses.keys()]),
): Set<string> {
  const after = snapshotAnalyses(analyses, files);
  const changed = new Set<string>();
  for (const [file, value] of after) if (before.get(file) !== value) changed.add(file);
  for (const file of before.keys()) if (!after.has(file) && before.get(file) !== undefined) changed.add(file);
  return changed;
}

/** An analysis that contributes nothing: the file need not stay in the index. */
export function isEmptyAnalysis(analysis: FileAnalysis): boolean {
  return analysis.references.length === 0 && analysis.dynamic.length === 0 && analysis.wrapperSites.length === 0 && analysis.exportedNames.length === 0 && analysis.wrapperUses.length === 0;
}
