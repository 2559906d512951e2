import type { DynamicReference, FlagReference } from '../references/model';
import type { NotStaleExplanation, StaleDefinitionInput, StaleFinding, StaleInput, StaleKind, StaleThresholds } from './model';

/** Everything the rules share, computed once per detection run. */
export interface StaleContext {
  now: Date;
  thresholds: Required<StaleThresholds>;
  referencesByKey: ReadonlyMap<string, readonly FlagReference[]>;
  definitionsByKey: ReadonlyMap<string, readonly StaleDefinitionInput[]>;
  dynamicReferences: readonly DynamicReference[];
  dynamicReferenceCount: number;
  /** At least one source loaded (possibly with zero flags). */
  hasSources: boolean;
  /** Counts loaded for a flag in an environment, when the caller loaded any (see `StaleInput.evidence`). */
  evidence?: StaleInput['evidence'];
}

export interface RuleSink {
  report(finding: StaleFinding): void;
  explain(explanation: NotStaleExplanation): void;
}

/** A rule over one source's definition of one flag. */
export type DefinitionRule = (definition: StaleDefinitionInput, context: StaleContext, sink: RuleSink) => void;

/** A rule over the code references alone (no source definition needed). */
export type CodeRule = (context: StaleContext) => StaleFinding[];

export function explainer(sink: RuleSink, definition: StaleDefinitionInput, kind: StaleKind): (reason: string) => void {
  return (reason) => sink.explain({ key: definition.flag.key, sourceId: definition.sourceId, kind, reason });
}

export function isGone(definition: StaleDefinitionInput): boolean {
  return definition.flag.archived || definition.flag.deleted === true;
}

export function referenceCount(context: StaleContext, key: string): number {
  return context.referencesByKey.get(key)?.length ?? 0;
}

export function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** `checkout.ts:5, cart.tsx:12 and 3 more`: short places for evidence (the reports print full paths). */
export function describeLocations(references: readonly FlagReference[], max = 3): string {
  const shown = references.slice(0, max).map((r) => `${r.file.slice(r.file.lastIndexOf('/') + 1)}:${r.keySpan.startLine + 1}`);
  return references.length > max ? `${shown.join(', ')} and ${references.length - max} more` : shown.join(', ');
}
