import type { FlagReference } from '../references/model';
import type { NotStaleExplanation, SourceCheckKind, StaleAnalysis, StaleDefinitionInput, StaleFinding, StaleInput, StaleSeverity } from './model';
import { findingKinds, staleKinds } from './model';
import type { DefinitionRule, RuleSink, StaleContext } from './context';
import { mergeThresholds } from './staleConfig';
import { dynamicKeyFindings } from './rules/dynamicKey';
import { inactiveRule } from './rules/inactive';
import { markedStaleRule } from './rules/markedStale';
import { releasedRule } from './rules/released';
import { removedRule } from './rules/removed';
import { similarKeyFindings } from './rules/similarKeys';
import { singleReferenceFindings } from './rules/singleReference';
import { unknownKeyFindings } from './rules/unknownKey';
import { unusedRule } from './rules/unused';

const definitionRules: readonly DefinitionRule[] = [removedRule, releasedRule, markedStaleRule, inactiveRule, unusedRule];

/** Findings only; see `analyzeStaleFlags` for the reasons flags were judged not stale. */
export function detectStaleFlags(input: StaleInput): StaleFinding[] {
  return analyzeStaleFlags(input).findings;
}

/**
 * Runs every rule over every source's definitions and the code references. Pure: the clock is
 * `input.now`, nothing is fetched or read. Findings are sorted by severity, kind, key, source.
 *
 * The code-only hints (severity `hint`) run with or without a source, each deciding for itself:
 * similar spellings and dynamic keys are blind spots a source does not remove, while a single
 * reference only means something when no source can say more (see each rule).
 */
export function analyzeStaleFlags(input: StaleInput): StaleAnalysis {
  const context = buildContext(input);
  const findings: StaleFinding[] = [];
  const notStale: NotStaleExplanation[] = [];
  const sink: RuleSink = { report: (f) => findings.push(f), explain: (e) => notStale.push(e) };
  for (const definition of input.definitions) {
    const definedAt = definition.flag.definedAt;
    const definitionSink: RuleSink = definedAt ? { ...sink, report: (f) => sink.report({ ...f, definedAt }) } : sink;
    for (const rule of definitionRules) rule(definition, context, definitionSink);
  }
  findings.push(...unknownKeyFindings(context));
  const similar = similarKeyFindings(context);
  const explained = new Set(similar.flatMap((f) => [f.key, f.suggestion ?? f.key]));
  findings.push(...similar, ...dynamicKeyFindings(context), ...singleReferenceFindings(context, explained));
  findings.sort(compareFindings);
  notStale.sort((a, b) => a.key.localeCompare(b.key) || findingKinds.indexOf(a.kind) - findingKinds.indexOf(b.kind));
  // Without a source every stale check is blind: say which, so "no findings" is never read as "nothing stale".
  const notChecked: SourceCheckKind[] = context.hasSources ? [] : [...staleKinds];
  return { findings, notStale, thresholds: context.thresholds, notChecked };
}

function buildContext(input: StaleInput): StaleContext {
  const referencesByKey = new Map<string, FlagReference[]>();
  for (const reference of input.references) {
    const list = referencesByKey.get(reference.key);
    if (list) list.push(reference);
    else referencesByKey.set(reference.key, [reference]);
  }
  const definitionsByKey = new Map<string, StaleDefinitionInput[]>();
  for (const definition of input.definitions) {
    const list = definitionsByKey.get(definition.flag.key);
    if (list) list.push(definition);
    else definitionsByKey.set(definition.flag.key, [definition]);
  }
  return {
    now: input.now,
    thresholds: mergeThresholds(input.thresholds),
    referencesByKey,
    definitionsByKey,
    dynamicReferences: input.dynamicReferences ?? [],
    dynamicReferenceCount: input.dynamicReferences?.length ?? 0,
    hasSources: (input.sourceIds?.length ?? 0) > 0 || input.definitions.length > 0,
    ...(input.evidence ? { evidence: input.evidence } : {}),
  };
}

const severityOrder: Record<StaleSeverity, number> = { error: 0, warning: 1, info: 2, hint: 3 };

function compareFindings(a: StaleFinding, b: StaleFinding): number {
  return (
    severityOrder[a.severity] - severityOrder[b.severity] ||
    findingKinds.indexOf(a.kind) - findingKinds.indexOf(b.kind) ||
    a.key.localeCompare(b.key) ||
    (a.sourceId ?? '').localeCompare(b.sourceId ?? '') ||
    // Dynamic-key hints share one placeholder key: their place orders them.
    (a.at?.file ?? '').localeCompare(b.at?.file ?? '') ||
    (a.at?.line ?? 0) - (b.at?.line ?? 0) ||
    (a.at?.character ?? 0) - (b.at?.character ?? 0)
  );
}
