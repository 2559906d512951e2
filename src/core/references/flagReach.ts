import type { ModuleFacts } from './moduleFacts';
import type { ResolvedModule } from './moduleResolver';

/** What the prefilter read about one file, as far as reaching flags goes. */
export interface ReachFacts {
  /**
   * Values from here can carry flags by themselves: it imports an SDK export that evaluates or makes
   * a client, or holds a custom pattern's call whose key is not written out (a possible wrapper).
   */
  source: boolean;
  /** Its imports and exports, read from the text. */
  module: ModuleFacts;
  /** Wraps components with withLDConsumer()(…): the components it imports read flags from props. */
  wrapsComponents: boolean;
}

/**
 * A question about a file: `d` — can the values it declares carry flags (they can use everything it
 * imports); `n` — can anything reached through it as a namespace (its declarations and re-exports).
 */
type Node = `${'d' | 'n'}:${string}`;

const maxHops = 24;

function fileOfNode(node: Node): string {
  return node.slice(2);
}

function factsKey(facts: ReachFacts): string {
  const m = facts.module;
  return JSON.stringify([facts.source, facts.wrapsComponents, m.imports, [...m.reexports], m.stars, [...m.locals], [...m.typeOnly], m.anyExport]);
}

/**
 * Which values can lead to a flag evaluation, from the imports and exports the prefilter read: a
 * function can only be a wrapper, return an SDK client or belong to a class with such members if
 * its file is a source or imports, directly or through other files, a value that can. Names are
 * followed through barrels to the file that declares them, so importing one service from a barrel
 * of a hundred does not tie a file to the other ninety-nine.
 *
 * The analysis does not follow a value into a file that cannot carry flags: resolving a call to a
 * helper in `utils/date.ts` would otherwise parse and summarize everything that helper calls, only
 * to learn it has nothing to do with flags. Keys are still resolved everywhere (a constants module
 * imports nothing and must still be read).
 */
export class FlagReach {
  private readonly facts = new Map<string, ReachFacts>();
  private readonly keys = new Map<string, string>();
  /** Memo of answers per node; cleared whenever any file's facts change. */
  private readonly known = new Map<Node, boolean>();
  private readonly edgeMemo = new Map<Node, Node[]>();
  private readonly definitionMemo = new Map<string, Node[] | null>();
  /** Files whose components a withLDConsumer()(…) call in another file may wrap. */
  private consumerTargets: Set<string> | undefined;

  constructor(private readonly resolve: (fromFile: string, specifier: string) => ResolvedModule | undefined) {}

  /** Records a file's facts; true when they differ from what was known (answers may have changed). */
  set(file: string, facts: ReachFacts): boolean {
    const key = factsKey(facts);
    const changed = this.keys.get(file) !== key;
    this.facts.set(file, facts);
    this.keys.set(file, key);
    if (changed) this.invalidate();
    return changed;
  }

  delete(file: string): void {
    this.keys.delete(file);
    if (this.facts.delete(file)) this.invalidate();
  }

  /** Files appeared or disappeared: specifiers may resolve elsewhere now. */
  invalidate(): void {
    this.known.clear();
    this.edgeMemo.clear();
    this.definitionMemo.clear();
    this.consumerTargets = undefined;
  }

  /**
   * Whether the value a file exports as `name` (`*`: the file as a namespace) can carry flags.
   * Files the prefilter never read (outside the index, unreadable) answer yes: only what is known
   * to be unrelated is skipped.
   */
  canCarryFlags(file: string, name = '*'): boolean {
    const nodes: Node[] = name === '*' ? [`n:${file}`] : (this.definitions(file, name, 0, new Set()) ?? [`d:${file}`]);
    return nodes.some((node) => this.capable(node));
  }

  private isSource(node: Node): boolean {
    const file = fileOfNode(node);
    const facts = this.facts.get(file);
    return !facts || facts.source || this.consumerTargetSet().has(file);
  }

  /**
   * Depth-first until a source is found. When none is, every node visited leads only to nodes that
   * were visited too, none of them a source: all of them are answered at once.
   */
  private capable(start: Node): boolean {
    const memo = this.known.get(start);
    if (memo !== undefined) return memo;
    if (this.isSource(start)) {
      this.known.set(start, true);
      return true;
    }
    const visited = new Set<Node>([start]);
    const stack: Node[] = [start];
    while (stack.length > 0) {
      for (const target of this.edges(stack.pop()!)) {
        if (visited.has(target)) continue;
        const answer = this.known.get(target);
        if (answer === false) continue;
        if (answer === true || this.isSource(target)) {
          this.known.set(start, true);
          return true;
        }
        visited.add(target);
        stack.push(target);
      }
    }
    for (const node of visited) this.known.set(node, false);
    return false;
  }

  private edges(node: Node): Node[] {
    const cached = this.edgeMemo.get(node);
    if (cached) return cached;
    const file = fileOfNode(node);
    const module = this.facts.get(file)?.module;
    const out: Node[] = [];
    if (module) {
      if (node.startsWith('n:')) {
        out.push(`d:${file}`);
        for (const { specifier, imported } of module.reexports.values()) out.push(...this.importedNodes(file, specifier, imported));
        for (const specifier of module.stars) out.push(...this.importedNodes(file, specifier, '*'));
      } else {
        for (const clause of module.imports) {
          if (clause.names === 'all') out.push(...this.importedNodes(file, clause.specifier, '*'));
          else for (const { imported } of clause.names) out.push(...this.importedNodes(file, clause.specifier, imported));
        }
      }
    }
    this.edgeMemo.set(node, out);
    return out;
  }

  /** The nodes a value imported as `name` from `specifier` comes from; none for packages outside the folder. */
  private importedNodes(fromFile: string, specifier: string, name: string): Node[] {
    const resolved = this.resolve(fromFile, specifier);
    if (resolved?.kind !== 'file') return [];
    if (name === '*') return [`n:${resolved.file}`];
    return this.definitions(resolved.file, name, 0, new Set()) ?? [`d:${resolved.file}`];
  }

  /**
   * The files that declare what `file` exports as `name`, through re-exports and `export *`; null
   * when the file is known not to export it (an `export *` that does not lead to the name).
   */
  private definitions(file: string, name: string, hops: number, seen: Set<string>): Node[] | null {
    const key = `${file}\0${name}`;
    const memo = this.definitionMemo.get(key);
    if (memo !== undefined) return memo;
    if (seen.has(key) || hops > maxHops) return null;
    seen.add(key);
    const result = this.definitionsUncached(file, name, hops, seen);
    // Only whole answers are kept: one cut short by a cycle of `export *` is not.
    if (hops === 0) this.definitionMemo.set(key, result);
    return result;
  }

  private definitionsUncached(file: string, name: string, hops: number, seen: Set<string>): Node[] | null {
    const module = this.facts.get(file)?.module;
    if (!module) return [`d:${file}`];
    const through = (specifier: string, imported: string): Node[] => {
      const resolved = this.resolve(file, specifier);
      // Re-exported from an SDK or a package outside the folder: the file itself answers (an SDK re-export makes it a source).
      if (resolved?.kind !== 'file') return [`d:${file}`];
      if (imported === '*') return [`n:${resolved.file}`];
      return this.definitions(resolved.file, imported, hops + 1, seen) ?? [`d:${resolved.file}`];
    };
    const reexport = module.reexports.get(name);
    if (reexport) return through(reexport.specifier, reexport.imported);
    // An interface or type alias is never a value: nothing flows through it.
    if (module.typeOnly.has(name) && !module.anyExport) return [];
    const local = module.locals.get(name);
    if (local !== undefined) {
      // `import { a } from './x'; export { a }`: the value is x's.
      for (const clause of module.imports) {
        if (clause.names === 'all') continue;
        const binding = clause.names.find((n) => n.local === local);
        if (binding) return through(clause.specifier, binding.imported);
      }
      return [`d:${file}`];
    }
    const out: Node[] = [];
    for (const specifier of module.stars) {
      if (name === 'default') break;
      const resolved = this.resolve(file, specifier);
      if (resolved?.kind !== 'file') {
        out.push(`d:${file}`);
        continue;
      }
      const found = this.definitions(resolved.file, name, hops + 1, seen);
      if (found) out.push(...found);
    }
    if (module.anyExport) out.push(`d:${file}`);
    return out.length > 0 ? out : null;
  }

  private consumerTargetSet(): Set<string> {
    if (this.consumerTargets) return this.consumerTargets;
    const targets = new Set<string>();
    this.consumerTargets = targets;
    for (const [file, facts] of this.facts) {
      if (!facts.wrapsComponents) continue;
      for (const clause of facts.module.imports) {
        const resolved = this.resolve(file, clause.specifier);
        if (resolved?.kind !== 'file') continue;
        targets.add(resolved.file);
        if (clause.names !== 'all') for (const { imported } of clause.names) for (const node of this.definitions(resolved.file, imported, 0, new Set()) ?? []) targets.add(fileOfNode(node));
      }
    }
    return targets;
  }
}
