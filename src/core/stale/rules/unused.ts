import { explainer, isGone, plural, referenceCount, type DefinitionRule } from '../context';
import { permanenceReason } from '../permanence';

/**
 * Unused: defined in the source, referenced nowhere in code (neither by the AST analysis nor by a
 * text match in another file type), so archiving it in the source changes nothing here.
 */
export const unusedRule: DefinitionRule = (definition, context, sink) => {
  const { flag } = definition;
  if (isGone(definition) || referenceCount(context, flag.key) > 0) return;
  const permanent = permanenceReason(flag);
  // A permanent flag is often evaluated by another service or the vendor's own tooling; unreferenced here proves nothing.
  if (permanent) return explainer(sink, definition, 'unused')(`${permanent}: never suggested for removal, even without references here`);
  const evidence = ['no reference in code (AST or text match)'];
  if (context.dynamicReferenceCount > 0) {
    evidence.push(`${plural(context.dynamicReferenceCount, 'flag evaluation')} in code with a dynamic key could not be resolved; check they cannot produce '${flag.key}'`);
  }
  sink.report({
    kind: 'unused',
    key: flag.key,
    severity: 'info',
    message: `'${flag.key}' is defined in the source but never referenced in code`,
    evidence,
    action: 'Archive it in the source: nothing in this workspace evaluates it.',
    sourceId: definition.sourceId,
  });
};
