import type { AnalyzerSettings } from './analyzer';
import { functionNames, moduleFacts, type ModuleFacts } from './moduleFacts';
import type { ResolvedModule } from './moduleResolver';
import type { Workspace } from './workspace';

/** What the prefilter read about one file, as far as reaching flags goes. */
export interface ReachFacts {
  /**
   * Values from here can carry flags by themselves: it imports an SDK export that evaluates or makes
   * a client, or holds a custom pattern's call whose key is not written out (a possible wrapper).
   */
  source: boolean;
  /** Wraps components with withLDConsumer()(…): the components it imports read flags from props. */
  wrapsComponents: boolean;
}

/**
 * A question about a file: `d` — can the values it declares carry flags (they can use everything it
 * imports); `n` — can anything reached through it as a namespace (its declarations and re-exports).
 */
type Node = `${'d' | 'n'}:${string}`;

/** Where an exported name leads: the question to ask there, and the name it has in that file. */
interface Site {
  node: Node;
  local: string;
}

const maxHops = 24;

interface StarIndex {
  byName: Map<string, string[]>;
  open: string[];
  outside: boolean;
}

function fileOfNode(node: Node): string {
  return node.slice(2);
}

function moduleKey(m: ModuleFacts): string {
  return JSON.stringify([m.imports, [...m.reexports], m.stars, [...m.locals], [...m.typeOnly], m.anyExport]);
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
  /** Imports and exports, read when a question first reaches the file (most files are never asked about). */
  private readonly modules = new Map<string, ModuleFacts | null>();
  private readonly functions = new Map<string, ReadonlySet<string> | null>();
  /** Files whose facts some memoized answer was built from: only a change to one of them invalidates. */
  private readonly consulted = new Set<string>();
  /** Memo of answers per node; cleared whenever any file's facts change. */
  private readonly known = new Map<Node, boolean>();
  private readonly edgeMemo = new Map<Node, Node[]>();
  private readonly definitionMemo = new Map<string, Site[] | null>();
  private readonly inProgress = new Set<string>();
  private readonly starIndexes = new Map<string, StarIndex>();
  /** Set when a definition lookup met a cycle: the answers around it are not memoized. */
  private cut = false;
  /** Files whose components a withLDConsumer()(…) call in another file may wrap. */
  private consumerTargets: Set<string> | undefined;


  /** Resolutions per importing file: a barrel's 250 `export *` lines are resolved once, not once per name. */
  private readonly resolutions = new Map<string, Map<string, ResolvedModule | undefined>>();

  constructor(
    private readonly resolveModule: (fromFile: string, specifier: string) => ResolvedModule | undefined,
    /** Reads a file's imports and exports on demand (undefined: unreadable). */
    private readonly readModule: (file: string) => ModuleFacts | undefined,
    /** Reads which names a file declares as functions or classes (see functionNames). */
    private readonly readFunctions: (file: string) => ReadonlySet<string> | undefined = () => undefined,
  ) {}

  /** Per analyzed file, the files whose values it did not follow: redone when one of them can reach flags. */
  private readonly skipped = new Map<string, Set<string>>();

  setSkipped(analyzedFile: string, files: ReadonlySet<string>): void {
    if (files.size > 0) this.skipped.set(analyzedFile, new Set(files));
    else this.skipped.delete(analyzedFile);
  }

  /** Analyses that skipped a file which can carry flags now (an import changed somewhere along the way). */
  analysesToRedo(): string[] {
    return [...this.skipped].filter(([, files]) => [...files].some((f) => this.canCarryFlags(f))).map(([file]) => file);
  }

  /** The reach of a workspace's files: its resolver, and imports read from the texts it holds or reads. */
  static over(ws: Workspace): FlagReach {
    return new FlagReach(
      (from, specifier) => ws.resolve(from, specifier),
      (file) => {
        const text = ws.textOf(file);
        return text === undefined ? undefined : moduleFacts(text);
      },
      (file) => {
        const text = ws.textOf(file);
        return text === undefined ? undefined : functionNames(text);
      },
    );
  }

  /** What the analysis asks (see AnalyzerSettings). */
  analyzerSettings(): Pick<AnalyzerSettings, 'canCarryFlags' | 'declaresFlagValues' | 'mayBeSdkExport' | 'declaringFiles'> {
    return {
      canCarryFlags: (file, name) => this.canCarryFlags(file, name),
      declaresFlagValues: (file) => this.declaresFlagValues(file),
      mayBeSdkExport: (file, name) => this.mayBeSdkExport(file, name),
      declaringFiles: (file, name) => this.declaringFiles(file, name),
    };
  }

  /** The files that declare what `file` exports as `name`, through re-exports and `export *`, from their texts alone. */
  declaringFiles(file: string, name: string): string[] {
    const sites = this.definitions(file, name) ?? [{ node: `d:${file}` as Node, local: name }];
    return [...new Set(sites.map((site) => fileOfNode(site.node)))];
  }

  /**
   * Records a file's facts, and with its text (an edit) its imports and exports; true when an
   * answer given so far may change.
   */
  set(file: string, facts: ReachFacts, text?: string): boolean {
    const before = this.facts.get(file);
    let changed = !before || before.source !== facts.source || before.wrapsComponents !== facts.wrapsComponents;
    if (text !== undefined) {
      const previous = this.modules.get(file);
      const module = moduleFacts(text);
      changed ||= !previous || moduleKey(previous) !== moduleKey(module);
      this.modules.set(file, module);
      const declared = this.functions.get(file);
      if (declared !== undefined) {
        const now = functionNames(text);
        changed ||= !declared || declared.size !== now.size || [...now].some((name) => !declared.has(name));
        this.functions.set(file, now);
      }
    } else if (changed) {
      this.modules.delete(file);
      this.functions.delete(file);
    }
    this.facts.set(file, facts);
    // No answer was built from this file's facts: none can change.
    const matters = changed && this.consulted.has(file);
    if (matters) this.invalidate();
    return matters;
  }

  delete(file: string): void {
    this.modules.delete(file);
    this.functions.delete(file);
    if (this.facts.delete(file)) this.invalidate();
  }

  /** Every import whose resolution an answer was built on (`[file, specifier]`): what a created file may change. */
  importsAsked(): [string, string][] {
    const out: [string, string][] = [];
    for (const [from, bySpecifier] of this.resolutions) for (const [specifier, resolved] of bySpecifier) if (resolved?.kind !== 'sdk') out.push([from, specifier]);
    return out;
  }

  /** Files appeared or disappeared: specifiers may resolve elsewhere now. */
  invalidate(): void {
    this.resolutions.clear();
    this.starIndexes.clear();
    this.consulted.clear();
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
    if (name === '*') return this.capable(`n:${file}`);
    return (this.definitions(file, name) ?? [{ node: `d:${file}` as Node }]).some((site) => this.capable(site.node));
  }

  /** Whether any value declared in the file can carry flags (its own code, through what it imports). */
  declaresFlagValues(file: string): boolean {
    return this.capable(`d:${file}`);
  }

  private isSource(node: Node): boolean {
    const file = fileOfNode(node);
    this.consulted.add(file);
    const facts = this.facts.get(file);
    return !facts || facts.source || this.moduleOf(file) === undefined || this.consumerTargetSet().has(file);
  }

  private resolve(fromFile: string, specifier: string): ResolvedModule | undefined {
    let byFile = this.resolutions.get(fromFile);
    if (!byFile) this.resolutions.set(fromFile, (byFile = new Map()));
    if (byFile.has(specifier)) return byFile.get(specifier);
    const resolved = this.resolveModule(fromFile, specifier);
    byFile.set(specifier, resolved);
    return resolved;
  }

  private functionsOf(file: string): ReadonlySet<string> | undefined {
    let names = this.functions.get(file);
    if (names === undefined) {
      names = this.facts.has(file) ? (this.readFunctions(file) ?? null) : null;
      this.functions.set(file, names);
    }
    this.consulted.add(file);
    return names ?? undefined;
  }

  private moduleOf(file: string): ModuleFacts | undefined {
    let module = this.modules.get(file);
    if (module === undefined) {
      module = this.facts.has(file) ? (this.readModule(file) ?? null) : null;
      this.modules.set(file, module);
    }
    this.consulted.add(file);
    return module ?? undefined;
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
    // Each visited node remembers where it was reached from: when a source is found, the whole path can.
    const from = new Map<Node, Node | undefined>([[start, undefined]]);
    const stack: Node[] = [start];
    while (stack.length > 0) {
      const current = stack.pop()!;
      for (const target of this.edges(current)) {
        if (from.has(target)) continue;
        const answer = this.known.get(target);
        if (answer === false) continue;
        if (answer === true || this.isSource(target)) {
          this.known.set(target, true);
          for (let at: Node | undefined = current; at !== undefined; at = from.get(at)) this.known.set(at, true);
          return true;
        }
        from.set(target, current);
        stack.push(target);
      }
    }
    const visited = from.keys();
    for (const node of visited) this.known.set(node, false);
    return false;
  }

  private edges(node: Node): Node[] {
    const cached = this.edgeMemo.get(node);
    if (cached) return cached;
    const file = fileOfNode(node);
    const module = this.moduleOf(file);
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
    return (this.definitions(resolved.file, name) ?? [{ node: `d:${resolved.file}` as Node }]).map((site) => site.node);
  }

  /**
   * The files that declare what `file` exports as `name`, through re-exports and `export *`; null
   * when the file is known not to export it (an `export *` that does not lead to the name).
   */
  private definitions(file: string, name: string, hops = 0): Site[] | null {
    const key = `${file}\0${name}`;
    const memo = this.definitionMemo.get(key);
    if (memo !== undefined) return memo;
    if (this.inProgress.has(key) || hops > maxHops) {
      this.cut = true;
      return null;
    }
    this.inProgress.add(key);
    const outerCut = this.cut;
    this.cut = false;
    const result = this.definitionsUncached(file, name, hops);
    this.inProgress.delete(key);
    // An answer that met a cycle of `export *` (or the hop limit) may be partial: it is not kept.
    if (!this.cut) this.definitionMemo.set(key, result);
    this.cut ||= outerCut;
    return result;
  }

  private definitionsUncached(file: string, name: string, hops: number): Site[] | null {
    const here: Site = { node: `d:${file}`, local: name };
    const module = this.moduleOf(file);
    if (!module) return [here];
    const through = (specifier: string, imported: string): Site[] => {
      const resolved = this.resolve(file, specifier);
      // Re-exported from an SDK or a package outside the folder: the file itself answers (an SDK re-export makes it a source).
      if (resolved?.kind !== 'file') return [here];
      if (imported === '*') return [{ node: `n:${resolved.file}`, local: '*' }];
      return this.definitions(resolved.file, imported, hops + 1) ?? [{ node: `d:${resolved.file}`, local: imported }];
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
      return [{ node: `d:${file}`, local }];
    }
    const out: Site[] = [];
    if (name !== 'default' && module.stars.length > 0) {
      const stars = this.starIndex(file, module);
      if (stars.outside) out.push(here);
      for (const target of [...(stars.byName.get(name) ?? []), ...stars.open]) {
        const found = this.definitions(target, name, hops + 1);
        if (found) out.push(...found);
      }
    }
    if (module.anyExport) out.push(here);
    return out.length > 0 ? out : null;
  }

  /**
   * Whether what `file` exports as `name` may be an SDK export (`<IfFeatureEnabled>` re-exported
   * or aliased): no when every declaration it leads to is a function or class declared in the
   * workspace. A JSX tag that names one of those is a component, never an SDK one, and its file
   * need not be parsed to learn that.
   */
  mayBeSdkExport(file: string, name: string): boolean {
    const sites = this.definitions(file, name) ?? [{ node: `d:${file}` as Node, local: name }];
    return sites.some((site) => {
      if (site.node.startsWith('n:')) return true;
      if (this.functionsOf(fileOfNode(site.node))?.has(site.local)) return false;
      return this.capable(site.node);
    });
  }

  /**
   * Which modules behind a file's `export *` lines name what: a barrel of 250 of them is read once,
   * not once per name looked up through it. `open` modules may export anything (their own
   * `export *`, CommonJS); `outside` is an `export *` from a package or SDK.
   */
  private starIndex(file: string, module: ModuleFacts): StarIndex {
    let index = this.starIndexes.get(file);
    if (index) return index;
    index = { byName: new Map(), open: [], outside: false };
    for (const specifier of module.stars) {
      const resolved = this.resolve(file, specifier);
      if (resolved?.kind !== 'file') {
        index.outside = true;
        continue;
      }
      const target = this.moduleOf(resolved.file);
      if (!target || target.stars.length > 0 || target.anyExport) {
        index.open.push(resolved.file);
        continue;
      }
      for (const name of [...target.locals.keys(), ...target.reexports.keys()]) {
        const list = index.byName.get(name);
        if (list) list.push(resolved.file);
        else index.byName.set(name, [resolved.file]);
      }
    }
    this.starIndexes.set(file, index);
    return index;
  }

  private consumerTargetSet(): Set<string> {
    if (this.consumerTargets) return this.consumerTargets;
    const targets = new Set<string>();
    this.consumerTargets = targets;
    for (const [file, facts] of this.facts) {
      if (!facts.wrapsComponents) continue;
      for (const clause of this.moduleOf(file)?.imports ?? []) {
        const resolved = this.resolve(file, clause.specifier);
        if (resolved?.kind !== 'file') continue;
        targets.add(resolved.file);
        if (clause.names !== 'all') for (const { imported } of clause.names) for (const site of this.definitions(resolved.file, imported) ?? []) targets.add(fileOfNode(site.node));
      }
    }
    return targets;
  }
}
