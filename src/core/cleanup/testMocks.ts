import { Node, SyntaxKind, type SourceFile } from 'ts-morph';
import { literalValueOf, notLiteral, type FileCleanup, type NotRewritten } from './cleanupContext';
import { editorLineOf } from './editorLines';
import type { Seed } from './fixedWrappers';
import { removeListElement } from './inlineBindings';
import type { FlagValue } from './knownValue';
import { removalRange } from './textRanges';

/** Test and spec files: their mocks of the flag are dead once the code no longer reads it. */
export function isTestFile(file: string): boolean {
  return /[./](test|spec)\.[cm]?[jt]sx?$/.test(file) || /\/(__tests__|__mocks__)\//.test(file) || /\/(setupTests|test-?utils|testUtils)\.[cm]?[jt]sx?$/i.test(file);
}

const testCalls = /^(it|test|fit|xit)(\.(only|skip|each|concurrent))?$/;
const mockCalls = /(^|\.)(mockImplementation|mockImplementationOnce|mockReturnValue|mockReturnValueOnce|mockResolvedValue|fn|mock|doMock)$/;
/** `expect(useFlag).toHaveBeenCalledWith('k')`: the code no longer makes that call. */
const calledWithAssertions = /^(toHaveBeenCalledWith|toBeCalledWith|toHaveBeenLastCalledWith|lastCalledWith|toHaveBeenNthCalledWith|nthCalledWith)$/;

function calleeText(call: Node): string {
  return Node.isCallExpression(call) ? call.getExpression().getText() : '';
}

/** The `it(…)` / `test(…)` statement a node sits in, if any. */
function enclosingTest(node: Node): Node | undefined {
  for (let current: Node | undefined = node; current; current = current.getParent()) {
    if (Node.isCallExpression(current) && testCalls.test(calleeText(current)) && Node.isExpressionStatement(current.getParent())) return current.getParentOrThrow();
  }
  return undefined;
}

function testTitle(test: Node): string {
  const call = Node.isExpressionStatement(test) ? test.getExpression() : undefined;
  const title = call && Node.isCallExpression(call) ? call.getArguments()[0] : undefined;
  return title && (Node.isStringLiteral(title) || Node.isNoSubstitutionTemplateLiteral(title)) ? title.getLiteralValue() : (title?.getText() ?? '');
}

/** Inside a mock's implementation (`mockImplementation((f) => …)`, `jest.fn(…)`, a `jest.mock` factory). */
function inMock(node: Node): boolean {
  for (let current: Node | undefined = node.getParent(); current; current = current.getParent()) {
    if (Node.isCallExpression(current) && mockCalls.test(calleeText(current))) return true;
  }
  return false;
}

function propertyName(property: Node): string | undefined {
  if (!Node.isPropertyAssignment(property)) return undefined;
  const nameNode = property.getNameNode();
  if (Node.isIdentifier(nameNode)) return nameNode.getText();
  if (Node.isStringLiteral(nameNode) || Node.isNoSubstitutionTemplateLiteral(nameNode)) return nameNode.getLiteralValue();
  return undefined;
}

/**
 * A flag-map entry of a mock goes; when it was the map's only entry, a map that is an option of
 * the mock (`flags: { k: true }` in a config the test serves) goes with it, since it now sets
 * nothing, and any other map is left as `{}`.
 */
function removeEntry(ctx: FileCleanup, entry: Node): void {
  const literal = entry.getParent();
  if (!literal || !Node.isObjectLiteralExpression(literal) || literal.getProperties().length !== 1) {
    removeListElement(ctx, entry);
    return;
  }
  const owner = literal.getParent();
  if (owner && Node.isPropertyAssignment(owner) && owner.getInitializer() === literal) removeListElement(ctx, owner);
  else ctx.edits.replace(literal.getStart(), literal.getEnd(), '{}');
}

export interface MockPlan {
  seeds: Seed[];
  edit: (ctx: FileCleanup) => void;
  /** Tests deleted because they set the flag to the value that is gone. */
  deletedTests: NotRewritten[];
}

/**
 * What the key's mocks in a test file become: a flag-map entry (`flags: { k: true }`,
 * `mockFlags({ k: true })`) set to the kept value goes; a test that sets it to another value only
 * exercised the removed branch and goes whole (listed); a mock's comparison with the key
 * (`(f) => f === 'k'`) is false from now on and folds; an assertion that the code evaluates the key
 * (`toHaveBeenCalledWith('k')`) goes.
 */
export function planMockCleanup(sourceFile: SourceFile, key: string, keep: FlagValue): MockPlan {
  const file = sourceFile.getFilePath();
  const seeds: Seed[] = [];
  const entries: Node[] = [];
  const statements: Node[] = [];
  const deletedTests: NotRewritten[] = [];
  const tests = new Set<Node>();
  for (const property of sourceFile.getDescendantsOfKind(SyntaxKind.PropertyAssignment)) {
    if (propertyName(property) !== key) continue;
    const value = literalValueOf(property.getInitializerOrThrow());
    if (value === notLiteral) continue;
    const test = value === keep || (typeof keep === 'boolean' && typeof value === 'boolean' && value === keep) ? undefined : enclosingTest(property);
    if (test) tests.add(test);
    else entries.push(property);
  }
  for (const literal of sourceFile.getDescendantsOfKind(SyntaxKind.StringLiteral)) {
    if (literal.getLiteralValue() !== key) continue;
    const parent = literal.getParent();
    if (parent && Node.isBinaryExpression(parent) && inMock(parent)) {
      const operator = parent.getOperatorToken().getKind();
      const equal = operator === SyntaxKind.EqualsEqualsEqualsToken || operator === SyntaxKind.EqualsEqualsToken;
      const unequal = operator === SyntaxKind.ExclamationEqualsEqualsToken || operator === SyntaxKind.ExclamationEqualsToken;
      // Nothing asks the mock for the key any more: the comparison never holds.
      if (equal || unequal) seeds.push({ node: parent, known: { value: unequal, effects: [] }, pattern: 'mock' });
      continue;
    }
    const call = parent && Node.isCallExpression(parent) ? parent : undefined;
    const access = call?.getExpression();
    if (call && access && Node.isPropertyAccessExpression(access) && calledWithAssertions.test(access.getName()) && Node.isExpressionStatement(call.getParent())) {
      statements.push(call.getParentOrThrow());
    }
  }
  for (const test of tests) deletedTests.push({ file, line: editorLineOf(test), reason: `deleted test '${testTitle(test)}': it set '${key}' to a value the code no longer has` });
  const inside = (node: Node) => [...tests].some((t) => t !== node && node.getStart() >= t.getStart() && node.getEnd() <= t.getEnd());
  return {
    seeds: seeds.filter((s) => !inside(s.node)),
    deletedTests,
    edit: (ctx) => {
      for (const test of tests) {
        if (inside(test)) continue;
        const range = removalRange(test);
        ctx.edits.replace(range.start, range.end, '');
      }
      for (const statement of statements) {
        if (inside(statement)) continue;
        const range = removalRange(statement);
        ctx.edits.replace(range.start, range.end, '');
      }
      for (const entry of entries) if (!inside(entry)) removeEntry(ctx, entry);
    },
  };
}
