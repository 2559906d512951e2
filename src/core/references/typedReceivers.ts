import { ts } from '../util/typescript';
import type { Analyzer } from './analyzer';
import type { SdkValue } from './analysisTypes';
import { checkerClient } from './checkerFallback';
import { declaredClient, expressionType } from './declaredTypes';
import { importsSdk } from './prefilter';
import { isClientMethodName } from './sdkPatterns';
import { unwrapExpression } from './scope';

/** The last identifier of a receiver (`this.deps.flags` → `flags`), how custom patterns name receivers. */
function lastName(expression: ts.Expression): string | undefined {
  const inner = unwrapExpression(expression);
  if (ts.isIdentifier(inner)) return inner.text;
  if (ts.isPropertyAccessExpression(inner)) return inner.name.text;
  return undefined;
}

/**
 * Whether `raw` is the receiver of a call whose method name some SDK client evaluates with
 * (`x.getFeatureValue(…)`, `x?.variation(…)`), and no custom pattern claims that call already.
 * Only such receivers are typed through declarations and, failing that, the checker.
 */
export function isSdkMethodReceiver(a: Analyzer, raw: ts.Expression): boolean {
  const access = raw.parent;
  if (!access || !ts.isPropertyAccessExpression(access) || access.expression !== raw) return false;
  const call = access.parent;
  // A call without arguments names no flag (`x.isEnabled()`, `x.feature()`).
  if (!call || !ts.isCallExpression(call) || call.expression !== access || call.arguments.length === 0) return false;
  const method = access.name.text;
  if (!isClientMethodName(method)) return false;
  if (a.patterns.length === 0) return true;
  const receiver = lastName(raw);
  return !a.patterns.some((p) => p.method === method && (p.receiver === undefined || p.receiver.split('.').pop() === receiver));
}

const memos = new WeakMap<object, Map<ts.Node, SdkValue | null>>();
const nearSdkFiles = new WeakMap<ts.SourceFile, boolean>();

/**
 * Whether a file imports an SDK, or imports a workspace file that does (one hop, read from the
 * text): a program costs seconds, and a receiver in a file that far from every SDK is not worth one.
 */
function nearSdk(a: Analyzer, sf: ts.SourceFile): boolean {
  let near = nearSdkFiles.get(sf);
  if (near !== undefined) return near;
  near = false;
  for (const statement of sf.statements) {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
    const resolved = a.ws.resolve(sf.fileName, statement.moduleSpecifier.text);
    if (resolved?.kind === 'sdk') near = true;
    else if (resolved?.kind === 'file') {
      const text = a.ws.textOf(resolved.file);
      near = text !== undefined && importsSdk(text);
    }
    if (near) break;
  }
  nearSdkFiles.set(sf, near);
  return near;
}

/**
 * A receiver the syntax did not classify, typed by what its declarations say (parameters,
 * variables, fields, interface properties and return types across files), and when they cannot
 * tell, by TypeScript's checker. A declared type that is no SDK client (a workspace interface that
 * merely has `getFeatureValue`, a local type named `LDClient`) settles it without the checker.
 */
export function receiverThroughTypes(a: Analyzer, expression: ts.Expression): SdkValue | undefined {
  let memo = memos.get(a.memo);
  if (!memo) memos.set(a.memo, (memo = new Map()));
  const cached = memo.get(expression);
  if (cached !== undefined) return cached ?? undefined;
  memo.set(expression, null);
  const type = expressionType(a, expression);
  let module = declaredClient(a, type) ?? undefined;
  // Only a declaration the syntax cannot read goes to the checker: where nothing is declared, the value analysis already looked.
  if (type?.kind === 'unreadable' && nearSdk(a, expression.getSourceFile())) module = checkerClient(a.ws, expression);
  const value: SdkValue | undefined = module ? { kind: 'client', module } : undefined;
  memo.set(expression, value ?? null);
  return value;
}
