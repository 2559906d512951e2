import { ts } from '../util/typescript';
import type { Analyzer } from './analyzer';
import type { Evaluation } from './analysisTypes';
import { evaluationsAt } from './evaluations';
import { flagBearingExports } from './exportReach';
import type { ExportTrigger } from './exportTriggers';
import { wrappedComponentFiles } from './ldConsumers';
import type { DynamicReference, EvaluationKind, FlagReference, ReferenceOrigin } from './model';
import { resolveKey } from './resolveKey';
import { unwrapExpression, walkTree } from './scope';
import { nodeSpan } from './spans';
import { summarizeFunction, functionId, functionName } from './wrappers';
import { lazy } from '../util/lazy';

export interface WrapperSite {
  /** `file#name` of the wrapper whose parameter is the key. */
  id: string;
  /** Reported when nobody calls the wrapper: the key then comes from nowhere. */
  dynamic: DynamicReference;
}

export interface FileAnalysis {
  file: string;
  references: FlagReference[];
  dynamic: DynamicReference[];
  wrapperSites: WrapperSite[];
  /** Wrapper ids this file calls, resolved or not. */
  wrapperUses: string[];
  /** Exported names that carry flags (clients, flags objects, wrappers, hooks): other files using them can matter. */
  exportedNames: ExportTrigger[];
  /** camelCased LaunchDarkly keys were mapped through the known keys: re-analyze when they change. */
  usesKnownKeys?: boolean;
  /** Other files whose components this file wraps with withLDConsumer()(…): they read flags from props. */
  consumerComponentFiles: string[];
  /** Files its exported types were not followed into, unparsed at the time (lists shared with the lookups' cache): once one is parsed, they are looked at again. */
  typesAwaiting?: (readonly string[])[];
}

const inspectedKinds = lazy(() => new Set<ts.SyntaxKind>([
  ts.SyntaxKind.CallExpression,
  ts.SyntaxKind.PropertyAccessExpression,
  ts.SyntaxKind.ElementAccessExpression,
  ts.SyntaxKind.ObjectBindingPattern,
  ts.SyntaxKind.JsxOpeningElement,
  ts.SyntaxKind.JsxSelfClosingElement,
]));

function inferKind(kind: EvaluationKind, defaultNode: ts.Node | undefined): EvaluationKind {
  if (kind !== 'unknown' || !defaultNode) return kind;
  const node = ts.isExpression(defaultNode as ts.Expression) ? unwrapExpression(defaultNode as ts.Expression) : defaultNode;
  if (node.kind === ts.SyntaxKind.TrueKeyword || node.kind === ts.SyntaxKind.FalseKeyword) return 'boolean';
  if (ts.isStringLiteralLike(node) || ts.isTemplateExpression(node)) return 'string';
  if (ts.isNumericLiteral(node) || (ts.isPrefixUnaryExpression(node) && ts.isNumericLiteral(node.operand))) return 'number';
  if (ts.isObjectLiteralExpression(node) || ts.isArrayLiteralExpression(node)) return 'object';
  return kind;
}

function toReference(file: string, e: Evaluation, key: string, via: FlagReference['via'], origin: ReferenceOrigin | undefined): FlagReference {
  const reference: FlagReference = {
    key,
    file,
    keySpan: nodeSpan(e.keyNode),
    callSpan: nodeSpan(e.callNode),
    sdk: e.sdk,
    pattern: e.pattern,
    kind: inferKind(e.kind, e.defaultNode),
    confidence: 'ast',
    via,
  };
  if (origin) reference.origin = origin;
  if (e.defaultNode) reference.defaultValue = e.defaultNode.getText();
  if (e.wrappers?.length) reference.wrappers = e.wrappers;
  if (e.valuePath) reference.valuePath = e.valuePath;
  if (e.negate) reference.negate = true;
  return reference;
}

/** The outermost wrapper, from its `file#name` id. */
function wrapperOrigin(id: string): ReferenceOrigin {
  const hash = id.lastIndexOf('#');
  return hash < 0 ? { name: id } : { name: id.slice(hash + 1), file: id.slice(0, hash) };
}

function dynamicOf(file: string, e: Evaluation, reason: string): DynamicReference {
  return { file, span: nodeSpan(e.keyNode), sdk: e.sdk, pattern: e.pattern, reason };
}

function record(a: Analyzer, file: string, e: Evaluation, out: FileAnalysis): void {
  if (e.wrappers) out.wrapperUses.push(...e.wrappers);
  if (e.missing) {
    out.dynamic.push(dynamicOf(file, e, e.missing));
    return;
  }
  let raw: string;
  let via: FlagReference['via'];
  let origin: ReferenceOrigin | undefined;
  if (e.keyName !== undefined) {
    raw = e.keyName;
    via = 'property';
    origin = { name: e.keyName };
  } else {
    const key = resolveKey(a, e.keyExpression!);
    if (key.kind === 'dynamic') {
      out.dynamic.push(dynamicOf(file, e, key.reason));
      return;
    }
    if (key.kind === 'param') {
      const summary = summarizeFunction(a, key.fn);
      const used = summary.wrappers.length > 0;
      const reason = `key comes from parameter '${key.name}' of ${used ? `wrapper '${summary.name}', which nothing calls with a constant` : `'${functionName(key.fn)}'`}`;
      if (used) out.wrapperSites.push({ id: functionId(key.fn), dynamic: dynamicOf(file, e, reason) });
      else out.dynamic.push(dynamicOf(file, e, reason));
      return;
    }
    raw = key.value;
    via = e.property ? 'property' : key.via;
    origin = key.origin;
  }
  if (e.wrappers?.length) {
    via = 'wrapper';
    origin = wrapperOrigin(e.wrappers[0]!);
  }
  let flagKey = e.prefix + raw + e.suffix;
  if (e.mapKey) {
    flagKey = e.mapKey(flagKey);
    if (e.sdk === 'launchdarkly') out.usesKnownKeys = true;
  }
  if (!flagKey) {
    out.dynamic.push(dynamicOf(file, e, 'the key is an empty string'));
    return;
  }
  out.references.push(toReference(file, e, flagKey, via, origin));
}

const analysisFailurePrefix = 'could not be analyzed: ';

/** Why a file the analysis threw on is listed as skipped: dropped silently, its flags would read as unused. */
export function analysisFailureReason(error: unknown): string {
  return analysisFailurePrefix + (error instanceof Error ? error.message : String(error));
}

/** A skip reason from analysisFailureReason: a later analysis that succeeds clears it. */
export function isAnalysisFailure(reason: string | undefined): boolean {
  return reason?.startsWith(analysisFailurePrefix) ?? false;
}

/** Finds every flag reference, dynamic reference and wrapper in one parsed file. */
export function analyzeFile(a: Analyzer, sf: ts.SourceFile): FileAnalysis {
  a.startFile(sf.fileName);
  const file = sf.fileName;
  const out: FileAnalysis = { file, references: [], dynamic: [], wrapperSites: [], wrapperUses: [], exportedNames: [], consumerComponentFiles: [] };
  walkTree(sf, (node) => {
    if (inspectedKinds().has(node.kind)) for (const e of evaluationsAt(a, node)) record(a, file, e, out);
  });
  const typesAwaiting: (readonly string[])[] = [];
  out.exportedNames = flagBearingExports(a, sf, new Set(out.wrapperSites.map((w) => w.id)), typesAwaiting);
  if (typesAwaiting.length > 0) out.typesAwaiting = typesAwaiting;
  out.consumerComponentFiles = wrappedComponentFiles(a, sf);
  out.wrapperUses = [...new Set(out.wrapperUses)];
  const byPosition = (x: { span?: { start: number }; keySpan?: { start: number } }, y: typeof x) => (x.keySpan ?? x.span)!.start - (y.keySpan ?? y.span)!.start;
  out.references.sort(byPosition);
  out.dynamic.sort(byPosition);
  return out;
}
