import { exportCallShape, exportIsApi, exportProduct, isLdConsumerHoc, jsxShape, sdkModuleOf, typeIsClient, type SdkModule } from './sdkPatterns';

/**
 * Whether an SDK export can start a flag evaluation: a client factory or client type, an evaluating
 * hook or component, the API object, or a consumer HOC. `PayloadType`, `Variant` or `Context` cannot;
 * a file that imports only those (a type module, a test fixture) needs no parse for the SDK's sake.
 */
export function sdkNameCarriesFlags(module: SdkModule, name: string): boolean {
  return (
    exportProduct(module, name) !== undefined ||
    exportCallShape(module, name) !== undefined ||
    exportIsApi(module, name) ||
    typeIsClient(module, name) ||
    jsxShape(module, name) !== undefined ||
    isLdConsumerHoc(module, name)
  );
}

const esClause = /\b(?:import|export)\b([^;'"]*?)\bfrom\s*(['"])([^'"\n]+)\2/g;
const bareImport = /\bimport\s*(?:\(\s*)?(['"])([^'"\n]+)\1/g;
const requireCall = /(\{[^{};]*\}\s*=\s*(?:await\s+)?)?\b(?:require|import)\s*\(\s*(['"])([^'"\n]+)\2/g;

/** The imported names of a clause (`a, { b as c, type d }`), or undefined when any name can be reached. */
function clauseNames(clause: string): string[] | undefined {
  const body = clause.replace(/^\s*type\s+/, '').trim();
  // `export * from`, `import * as ns from`: every export of the SDK.
  if (body.includes('*')) return undefined;
  const open = body.indexOf('{');
  // A default import (`import LD from 'launchdarkly-node-server-sdk'`) is the module itself.
  const before = (open < 0 ? body : body.slice(0, open)).replace(/,\s*$/, '').trim();
  if (before !== '') return undefined;
  if (open < 0) return [];
  const close = body.indexOf('}', open);
  const inner = body.slice(open + 1, close < 0 ? undefined : close);
  return inner
    .split(',')
    .map((part) => part.trim().replace(/^type\s+/, '').split(/\s+as\s+/)[0]!.trim())
    .filter((name) => /^[\w$]+$/.test(name));
}

function destructuredNames(pattern: string): string[] {
  return pattern
    .replace(/[{}=]|\bawait\b/g, ' ')
    .split(',')
    .map((part) => part.trim().split(':')[0]!.trim())
    .filter((name) => /^[\w$]+$/.test(name));
}

function carries(specifier: string, names: string[] | undefined): boolean {
  const module = sdkModuleOf(specifier);
  if (!module) return false;
  return names === undefined || names.some((name) => sdkNameCarriesFlags(module, name));
}

/**
 * Whether a file imports from a flag SDK something that can start an evaluation, read from its text
 * (ES imports and re-exports, `require`, dynamic `import()`). Only run on files whose import
 * signature names an SDK at all, so the regular expressions here see a few dozen files, not all.
 */
export function importsFlagCarryingSdk(text: string): boolean {
  esClause.lastIndex = 0;
  for (let m = esClause.exec(text); m; m = esClause.exec(text)) if (carries(m[3]!, clauseNames(m[1]!))) return true;
  bareImport.lastIndex = 0;
  // `import 'sdk'` runs it for its side effects only; `import('sdk')` is the whole module.
  for (let m = bareImport.exec(text); m; m = bareImport.exec(text)) if (m[0].includes('(') && carries(m[2]!, undefined)) return true;
  requireCall.lastIndex = 0;
  for (let m = requireCall.exec(text); m; m = requireCall.exec(text)) if (carries(m[3]!, m[1] ? destructuredNames(m[1]) : undefined)) return true;
  return false;
}
