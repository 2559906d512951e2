import { Node, SyntaxKind, type PropertyAccessExpression } from 'ts-morph';
import { isPure } from './sideEffects';

/**
 * Calls that only build a value: dropping one whose result nobody reads changes nothing. Matched on
 * the callee's last name (`styled`, `React.memo`, `intl.defineMessages`…). Styling factories, message
 * catalogs, React's component wrappers, context creation, class-name joiners, and the usual
 * value-only built-ins.
 */
const pureCallees = new Set([
  'styled',
  'css',
  'keyframes',
  'createGlobalStyle',
  'makeStyles',
  'withStyles',
  'createStyles',
  'cva',
  'clsx',
  'classNames',
  'classnames',
  'cn',
  'defineMessages',
  'defineMessage',
  'createContext',
  'memo',
  'forwardRef',
  'lazy',
  'gql',
  'graphql',
  'Boolean',
  'Number',
  'String',
  'parseInt',
  'parseFloat',
  'encodeURIComponent',
  'decodeURIComponent',
]);

/**
 * Flag SDK evaluations (of any key): reading a flag has no effect worth keeping, so `other &&
 * isEnabled('x')` left without a use goes whole (LaunchDarkly, OpenFeature, Unleash, GrowthBook,
 * Flagsmith, ConfigCat, Split, and the usual in-house hook names).
 */
const flagEvaluations = /^(isEnabled|isFeatureEnabled|isFlagEnabled|isFlagDisabled|isToggleEnabled|isToggleDisabled|useFlag|useFlags|useUiFlag|useFeatureFlag|useFeatureFlags|useFeatureIsOn|useFeatureValue|useFeature|useVariant|getVariant|variation|variationDetail|boolVariation|stringVariation|numberVariation|jsonVariation|migrationVariation|getBooleanValue|getStringValue|getNumberValue|getObjectValue|getBooleanDetails|getStringDetails|getNumberDetails|getObjectDetails|useBooleanFlagValue|useStringFlagValue|useNumberFlagValue|useObjectFlagValue|hasFeature|getFeatureValue|getValue|getTreatment|isOn|isOff)$/;

/** Built-in namespaces whose functions only compute values. */
const pureNamespaces = new Set(['Math', 'JSON', 'Object', 'Array', 'Number', 'String', 'Date']);
/** …except these, which change their argument or the world. */
const impureMembers = new Set(['assign', 'defineProperty', 'defineProperties', 'setPrototypeOf', 'freeze', 'seal', 'preventExtensions']);

/** Array and string methods that return a new value and leave the receiver alone. */
const pureMethods = new Set([
  'map',
  'filter',
  'find',
  'findIndex',
  'findLast',
  'findLastIndex',
  'some',
  'every',
  'includes',
  'indexOf',
  'lastIndexOf',
  'slice',
  'concat',
  'join',
  'flat',
  'flatMap',
  'at',
  'reduce',
  'reduceRight',
  'toSorted',
  'toReversed',
  'toSpliced',
  'with',
  'keys',
  'values',
  'entries',
  'toLowerCase',
  'toUpperCase',
  'trim',
  'trimStart',
  'trimEnd',
  'split',
  'replace',
  'replaceAll',
  'startsWith',
  'endsWith',
  'padStart',
  'padEnd',
  'charAt',
  'substring',
  'toString',
  'toFixed',
]);

/** Names the workspace declares pure (`.flaglens.json` "pureFunctions"), on top of the built-in list. */
export interface PurityModel {
  pureFunctions: ReadonlySet<string>;
}

export const defaultPurity: PurityModel = { pureFunctions: new Set() };

function lastName(callee: Node): string | undefined {
  if (Node.isIdentifier(callee)) return callee.getText();
  if (Node.isPropertyAccessExpression(callee)) return callee.getName();
  return undefined;
}

/** Whether calling `callee` (with pure arguments) only computes a value. */
function isPureCallee(callee: Node, model: PurityModel): boolean {
  // `styled('div')(…)`, `styled(Box)<Props>(…)`: the factory a pure call returns is pure too.
  if (Node.isCallExpression(callee)) return isPureCallee(callee.getExpression(), model) && callee.getArguments().every((a) => isPureValue(a, model));
  const name = lastName(callee);
  if (!name) return false;
  if (model.pureFunctions.has(name) || model.pureFunctions.has(callee.getText()) || flagEvaluations.test(name)) return true;
  if (Node.isPropertyAccessExpression(callee)) {
    const receiver = callee.getExpression();
    // `styled.div`, `React.memo`, `Math.max`.
    if (Node.isIdentifier(receiver) && receiver.getText() === 'styled') return true;
    if (Node.isIdentifier(receiver) && pureNamespaces.has(receiver.getText())) return !impureMembers.has(name);
    if (pureCallees.has(name) && Node.isIdentifier(receiver)) return true;
    // `items.map(…)`: only on a receiver that is itself pure to evaluate.
    return pureMethods.has(name) && isPureValue(receiver, model);
  }
  if (pureCallees.has(name)) return true;
  return Node.isIdentifier(callee) && visiblyPure(callee, model);
}

const visiblyPureCache = new WeakMap<Node, boolean>();
let visibleDepth = 0;

/**
 * A workspace function whose body only computes its result: `return <pure>` after `const x = <pure>`
 * declarations (a few calls deep). Reading a parameter is pure; anything else is not.
 */
function visiblyPure(callee: Node, model: PurityModel): boolean {
  const body = visibleBody(callee);
  if (!body || visibleDepth >= 3) return false;
  const cached = visiblyPureCache.get(body);
  if (cached !== undefined) return cached;
  visiblyPureCache.set(body, false);
  visibleDepth++;
  try {
    const pure = Node.isBlock(body)
      ? body.getStatements().every((statement) => {
          if (Node.isReturnStatement(statement)) return !statement.getExpression() || isPureValue(statement.getExpressionOrThrow(), model);
          if (Node.isVariableStatement(statement)) return statement.getDeclarationKind() === 'const' && statement.getDeclarations().every((d) => !d.getInitializer() || isPureValue(d.getInitializerOrThrow(), model));
          return false;
        })
      : isPureValue(body, model);
    visiblyPureCache.set(body, pure);
    return pure;
  } finally {
    visibleDepth--;
  }
}

/**
 * Whether evaluating the expression can be skipped when its value is unused: `isPure`, plus calls
 * the purity model knows (`styled.div\`…\``, `defineMessages({…})`, `list.map(fn)`) with pure operands.
 */
export function isPureValue(node: Node, model: PurityModel = defaultPurity, ignore: ReadonlySet<Node> = new Set()): boolean {
  if (isPure(node, ignore)) return true;
  if (Node.isParenthesizedExpression(node) || Node.isAsExpression(node) || Node.isSatisfiesExpression(node) || Node.isNonNullExpression(node)) {
    return isPureValue(node.getExpression(), model, ignore);
  }
  if (Node.isCallExpression(node)) {
    return isPureCallee(node.getExpression(), model) && node.getArguments().every((a) => isPureValue(a, model, ignore));
  }
  if (Node.isTaggedTemplateExpression(node)) {
    const template = node.getTemplate();
    const spans = Node.isTemplateExpression(template) ? template.getTemplateSpans().map((s) => s.getExpression()) : [];
    return isPureCallee(node.getTag(), model) && spans.every((s) => isPureValue(s, model));
  }
  if (Node.isNewExpression(node)) {
    const name = node.getExpression().getText();
    return ['Map', 'Set', 'WeakMap', 'WeakSet', 'Date', 'RegExp', 'URL', 'URLSearchParams', 'Error'].includes(name) && (node.getArguments() ?? []).every((a) => isPureValue(a, model));
  }
  if (Node.isObjectLiteralExpression(node) || Node.isArrayLiteralExpression(node) || Node.isTemplateExpression(node) || Node.isBinaryExpression(node) || Node.isConditionalExpression(node) || Node.isPrefixUnaryExpression(node) || Node.isSpreadElement(node) || Node.isSpreadAssignment(node) || Node.isPropertyAssignment(node) || Node.isTemplateSpan(node) || Node.isPropertyAccessExpression(node) || Node.isElementAccessExpression(node)) {
    if (Node.isBinaryExpression(node)) {
      const kind = node.getOperatorToken().getKind();
      if (kind >= SyntaxKind.FirstAssignment && kind <= SyntaxKind.LastAssignment) return false;
    }
    if (Node.isPrefixUnaryExpression(node) && (node.getOperatorToken() === SyntaxKind.PlusPlusToken || node.getOperatorToken() === SyntaxKind.MinusMinusToken)) return false;
    let pure = true;
    node.forEachChild((child) => {
      if (pure && !isPureValue(child, model, ignore)) pure = false;
    });
    return pure;
  }
  return false;
}

const effectHooks = /^(useEffect|useLayoutEffect|useInsertionEffect|useImperativeHandle)$/;
const hookEffectsCache = new WeakMap<Node, boolean>();

/** The body of the function a call's callee names, when the workspace's own code declares it. */
function visibleBody(callee: Node): Node | undefined {
  const name = Node.isPropertyAccessExpression(callee) ? callee.getNameNode() : callee;
  if (!Node.isIdentifier(name)) return undefined;
  let symbol = name.getSymbol();
  if (symbol?.isAlias()) symbol = symbol.getAliasedSymbol();
  for (const declaration of symbol?.getDeclarations() ?? []) {
    const file = declaration.getSourceFile();
    if (file.isDeclarationFile() || file.isInNodeModules()) continue;
    const fn = Node.isVariableDeclaration(declaration) ? declaration.getInitializer() : declaration;
    if (fn && (Node.isFunctionDeclaration(fn) || Node.isArrowFunction(fn) || Node.isFunctionExpression(fn))) return fn.getBody();
  }
  return undefined;
}

/**
 * Whether a hook call runs an effect of its own: the workspace's hook (or one it calls, a few
 * levels down) calls `useEffect` and the like. Such a hook stays as a statement when its result
 * goes unused; a hook whose code is not visible (a library's) is taken to only return a value.
 */
export function hookRunsEffects(call: Node, depth = 4): boolean {
  if (!Node.isCallExpression(call)) return false;
  const callee = call.getExpression();
  const name = Node.isPropertyAccessExpression(callee) ? callee.getName() : callee.getText();
  if (effectHooks.test(name)) return true;
  if (depth === 0) return false;
  const body = visibleBody(callee);
  if (!body) return false;
  const cached = hookEffectsCache.get(body);
  if (cached !== undefined) return cached;
  hookEffectsCache.set(body, false);
  const runs = body.getDescendantsOfKind(SyntaxKind.CallExpression).some((inner) => {
    // Effects inside callbacks the hook defines only run when those are called.
    const owner = inner.getFirstAncestor((a) => Node.isArrowFunction(a) || Node.isFunctionExpression(a) || Node.isFunctionDeclaration(a));
    if (owner && owner !== body.getParent()) return false;
    const innerName = Node.isPropertyAccessExpression(inner.getExpression()) ? (inner.getExpression() as PropertyAccessExpression).getName() : inner.getExpression().getText();
    return /^use[A-Z0-9]/.test(innerName) && hookRunsEffects(inner, depth - 1);
  });
  hookEffectsCache.set(body, runs);
  return runs;
}
