import type { FlagReference } from '../references/model';
import type { NotStaleExplanation, StaleDefinitionInput, StaleFinding, StaleKind, StaleThresholds } from './model';

/** Everything the rules share, computed once per detection run. */
export interface StaleContext {
  now: Date;
  thresholds: Required<StaleThresholds>;
  referencesByKey: ReadonlyMap<string, readonly FlagReference[]>;
  definitionsByKey: ReadonlyMap<string, readonly StaleDefinitionInput[]>;
  dynamicReferenceCount: number;
  /** At least one source loaded (possibly with zero flags). */
  hasSources: boolean;
}

export interface RuleSink {
  report(finding: StaleFinding): void;
  explain(explanation: NotStaleExplanation): void;
}

/** A rule over one source's definition of one flag. */
export type DefinitionRule = (definition: StaleDefinitionInput, context: StaleContext, sink: RuleSink) => void;

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
