import { ts } from '../util/typescript';
import type { WorkspaceGraph } from './workspaceGraph';

/**
 * Which files one cleanup loads into its type-aware project. The rules in removeDeadCode.ts read the
 * whole project ("does anything still import this export?", "does anything still name this
 * entry?"), so the project must hold every file that could answer yes for the files the cleanup
 * changes; everything else only costs time and memory. Import counts of files outside the project
 * come from the workspace graph (importIndex.ts); the scope starts from what the key itself reaches
 * and grows when a plan finds wrappers called from elsewhere (see `missingFromScope`).
 */
export function initialScope(graph: WorkspaceGraph, key: string, referenceFiles: Iterable<string>): Set<string> {
  const scope = new Set<string>();
  for (const file of referenceFiles) if (graph.texts.has(file)) scope.add(file);
  // Constant maps, enums and wrappers that spell the key: their entries may go too.
  for (const file of filesQuoting(graph, key)) scope.add(file);
  // Whoever imports these decides whether an export they lose was the last use, and is checked.
  for (const file of graph.reachingImporters([...scope])) scope.add(file);
  // Shapes every type: not part of any import chain.
  for (const file of graph.globalFiles()) scope.add(file);
  for (const file of entryNameMentions(graph, key)) scope.add(file);
  return scope;
}

/**
 * Files that spell the key as a string (`'key'`, `"key"`, `` `key` ``), as removeDeadCode looks for
 * it, or as a member name (`key?: boolean` in the type that lists the flags, whose member goes too).
 */
function filesQuoting(graph: WorkspaceGraph, key: string): string[] {
  const quoted = [`'${key}'`, `"${key}"`, `\`${key}\``];
  const member = new RegExp(`(?<![\\w$.])${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*\\??\\s*:`);
  return graph.filesContaining(key).filter((file) => {
    const text = graph.texts.get(file)!;
    return quoted.some((q) => text.includes(q)) || member.test(text);
  });
}

/**
 * Files that mention the name of the key's own entry in a constants map or enum (`NEW_CHECKOUT:
 * 'new-checkout'`): the entry is removed only when no file in the project names it any more.
 */
export function entryNameMentions(graph: WorkspaceGraph, key: string): Set<string> {
  const out = new Set<string>();
  for (const file of filesQuoting(graph, key)) {
    const sourceFile = ts.createSourceFile(file, graph.texts.get(file) ?? '', ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node): void => {
      if ((ts.isPropertyAssignment(node) || ts.isEnumMember(node)) && node.initializer && ts.isStringLiteralLike(node.initializer) && node.initializer.text === key) {
        const name = ts.isStringLiteral(node.name) ? node.name.text : node.name.getText(sourceFile);
        for (const mention of graph.filesContaining(name)) out.add(mention);
      }
      ts.forEachChild(node, visit);
    };
    visit(sourceFile);
  }
  return out;
}

/**
 * What a plan needed that its project lacked: files that call a fixed-key wrapper the plan found
 * (their calls are references too, found through the project), and files naming what a fold
 * needed to see every use of (a context's providers and consumers). Empty when the plan stands.
 */
export function missingFromScope(graph: WorkspaceGraph, scope: ReadonlySet<string>, wrapperNames: Iterable<string>, wantedNames: Iterable<string> = []): Set<string> {
  const missing = new Set<string>();
  for (const name of wantedNames) {
    const word = new RegExp(`(^|[^\\w$])${name.replace(/\$/g, '\\$')}($|[^\\w$])`);
    for (const file of graph.filesContaining(name)) if (!scope.has(file) && word.test(graph.texts.get(file) ?? '')) missing.add(file);
  }
  for (const name of wrapperNames) {
    const call = new RegExp(`(^|[^\\w$])${name.replace(/\$/g, '\\$')}\\s*\\(\\s*\\)`);
    for (const file of graph.filesContaining(name)) if (!scope.has(file) && call.test(graph.texts.get(file) ?? '')) missing.add(file);
  }
  return missing;
}
