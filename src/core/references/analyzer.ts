import * as path from 'node:path';
import { ts } from '../util/typescript';
import type { CustomPattern } from '../config/model';
import type { Evaluation, FunctionSummary, KeyResult, SdkValue } from './analysisTypes';
import { camelToKebab } from './customPatterns';
import { ldConsumerModuleOf } from './ldConsumers';
import type { SdkModule } from './sdkPatterns';
import { ReachSymbols } from './reachSymbols';
import { lookupIdentifier } from './scope';
import { Symbols } from './symbols';
import type { Workspace } from './workspace';

/** Per-analysis caches. Fresh for every file analysis so dependencies are recorded completely. */
export interface AnalysisMemo {
  values: Map<ts.Node, SdkValue | null>;
  keys: Map<ts.Node, KeyResult>;
  summaries: Map<ts.Node, FunctionSummary>;
  evaluations: Map<ts.Node, readonly Evaluation[]>;
  ldConsumers: Map<ts.SourceFile, Map<ts.Node, SdkModule>>;
  thisAssignments: Map<ts.Node, Map<string, ts.Expression[]>>;
  /** `let client; … client = init()`: what the assignments of a declared name make it, per declaration. */
  assignments: Map<ts.Identifier, SdkValue | null>;
  /** Member lookups in constant objects, with the files each touched (replayed on a hit). */
  members: Map<ts.Node, Map<string, { value: ts.Expression | undefined; touched: ReadonlySet<string> }>>;
}

/** `<Tag>` and `<Tag />`: the identifier a JSX element names. */
function isJsxTagName(node: ts.Node): node is ts.Identifier {
  const parent = node.parent;
  return node.kind === ts.SyntaxKind.Identifier && parent !== undefined && (ts.isJsxOpeningElement(parent) || ts.isJsxSelfClosingElement(parent)) && parent.tagName === node;
}

/** A value cache that answers "no SDK value" for JSX tags naming workspace components (see Analyzer.isWorkspaceComponent). */
class JsxTagValues extends Map<ts.Node, SdkValue | null> {
  constructor(private readonly analyzer: Analyzer) {
    super();
  }

  override has(node: ts.Node): boolean {
    if (super.has(node)) return true;
    if (!isJsxTagName(node) || !this.analyzer.isWorkspaceComponent(node)) return false;
    super.set(node, null);
    return true;
  }
}

/** A value cache that knows every answer already: none. */
class NoValues extends Map<ts.Node, SdkValue | null> {
  override has(): boolean {
    return true;
  }

  override get(): null {
    return null;
  }

  override set(): this {
    return this;
  }
}

function newMemo(): AnalysisMemo {
  return { values: new Map(), keys: new Map(), summaries: new Map(), evaluations: new Map(), ldConsumers: new Map(), thisAssignments: new Map(), assignments: new Map(), members: new Map() };
}

/** LaunchDarkly's camelCase of a flag key (lodash `camelCase`): `new-checkout` → `newCheckout`. */
export function ldCamelCase(key: string): string {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean);
  return words.map((w, i) => (i === 0 ? w.toLowerCase() : w[0]!.toUpperCase() + w.slice(1).toLowerCase())).join('');
}

export interface AnalyzerSettings {
  patterns: readonly CustomPattern[];
  /** Folders whose LaunchDarkly React provider sets `useCamelCaseFlagKeys: false`. */
  camelCaseOffDirs: () => readonly string[];
  knownKeys: () => ReadonlySet<string>;
  /** Files that wrap a component of this name with `withLDConsumer()(…)`. */
  ldConsumerFiles: (componentName: string) => Iterable<string>;
  /** Whether what a file exports as `name` (`*`: the whole module) can carry flags (FlagReach); without it every import is followed. */
  canCarryFlags?: (file: string, name: string) => boolean;
  /** Whether any value declared in a file can carry flags (FlagReach). */
  declaresFlagValues?: (file: string) => boolean;
  /** Whether what a file exports as `name` may be an SDK export, not a workspace function or class (FlagReach). */
  mayBeSdkExport?: (file: string, name: string) => boolean;
  /** The files that declare what a file exports as `name`, through re-exports and barrels, read from their texts (FlagReach). */
  declaringFiles?: (file: string, name: string) => string[];
}

/** Shared state of the syntactic analysis; the functions in the sibling files take it as their first argument. */
export class Analyzer {
  readonly symbols: Symbols;
  readonly patterns: readonly CustomPattern[];
  readonly propertyPatterns: number;
  memo: AnalysisMemo = newMemo();
  private camelIndex: { keys: ReadonlySet<string>; byCamel: Map<string, string> } | undefined;

  constructor(
    readonly ws: Workspace,
    private readonly settings: AnalyzerSettings,
  ) {
    this.symbols = settings.canCarryFlags ? new ReachSymbols(ws, settings.canCarryFlags) : new Symbols(ws);
    this.patterns = settings.patterns;
    this.propertyPatterns = settings.patterns.filter((p) => p.property !== undefined).length;
  }

  /** Whether what `file` exports as `name` can carry flags (see FlagReach); yes when nobody can tell. */
  mayCarryFlags(file: string, name: string): boolean {
    return this.settings.canCarryFlags?.(file, name) ?? true;
  }

  /** The files that declare what `file` exports as `name` (barrels followed by their texts); `file` itself when nobody can tell. */
  declaringFiles(file: string, name: string): string[] {
    return this.settings.declaringFiles?.(file, name) ?? [file];
  }

  /**
   * False when no value `file` declares can carry flags (see FlagReach): the file is then noted as
   * not followed, so that an analysis relying on this is redone if that changes.
   */
  mayDeclareFlagValues(file: string): boolean {
    if (this.settings.declaresFlagValues?.(file) !== false) return true;
    this.notePruned(file);
    return false;
  }

  /** Runs `work`, adding to `into` the files whose values it did not follow (see FlagReach). */
  collectingPruned<T>(into: Set<string>, work: () => T): T {
    if (!(this.symbols instanceof ReachSymbols)) return work();
    const outer = this.symbols.pruned;
    this.symbols.pruned = into;
    try {
      return work();
    } finally {
      this.symbols.pruned = outer;
      if (outer) for (const file of into) outer.add(file);
    }
  }

  resetMemo(): void {
    this.memo = newMemo();
    this.symbols.reset();
  }

  /**
   * Fresh caches for analyzing `file`. In a file none of whose values can carry flags (it imports
   * no SDK export that evaluates, no wrapper, and its custom pattern calls write their keys out),
   * every SDK value question has the answer "none": it is given at once instead of being worked out
   * through every receiver, field and type of the file. Custom pattern calls are found as before.
   */
  startFile(file: string): void {
    this.resetMemo();
    // Through what it re-exports too: a name handed on under another name (`export { isOn as check }`) is the file's trigger to give.
    if (this.settings.declaresFlagValues?.(file) === false && this.settings.canCarryFlags?.(file, '*') === false) {
      this.memo.values = new NoValues();
      this.notePruned(file);
    } else if (this.settings.mayBeSdkExport) this.memo.values = new JsxTagValues(this);
  }

  private notePruned(file: string): void {
    if (this.symbols instanceof ReachSymbols) this.symbols.pruned?.add(file);
  }

  /**
   * Whether a JSX tag is a component imported from a workspace file where it is declared as a
   * function or class: the only question asked about a tag is whether it is an SDK component, and
   * for those the answer is no without parsing the component's file.
   */
  isWorkspaceComponent(tag: ts.Identifier): boolean {
    const binding = lookupIdentifier(tag);
    if (binding?.kind !== 'import') return false;
    const resolved = this.ws.resolve(Analyzer.fileOfNode(binding.decl), binding.specifier);
    if (resolved?.kind !== 'file' || this.settings.mayBeSdkExport?.(resolved.file, binding.importName) !== false) return false;
    // A dependency all the same: an edit there that makes the tag an SDK component redoes this analysis.
    this.ws.touch([resolved.file]);
    this.notePruned(resolved.file);
    return true;
  }

  private static fileOfNode(node: ts.Node): string {
    return node.getSourceFile().fileName;
  }

  camelCaseDisabled(file: string): boolean {
    return this.settings.camelCaseOffDirs().some((dir) => file === dir || file.startsWith(dir.endsWith('/') ? dir : `${dir}/`));
  }

  /** Maps a camelCased `useFlags()` property back to the flag key: a known key when one matches, else kebab-case. */
  ldKeyFromCamel(property: string): string {
    const keys = this.settings.knownKeys();
    if (keys.has(property)) return property;
    if (this.camelIndex?.keys !== keys) {
      const byCamel = new Map<string, string>();
      for (const key of [...keys].sort()) {
        const camel = ldCamelCase(key);
        const existing = byCamel.get(camel);
        // Prefer kebab-case keys when two keys camelCase alike (LaunchDarkly's own convention).
        if (!existing || (!existing.includes('-') && key.includes('-'))) byCamel.set(camel, key);
      }
      this.camelIndex = { keys, byCamel };
    }
    return this.camelIndex.byCamel.get(property) ?? (/[A-Z]/.test(property) ? camelToKebab(property) : property);
  }

  ldConsumerFilesFor(componentName: string): Iterable<string> {
    return this.settings.ldConsumerFiles(componentName);
  }

  ldConsumerModule(node: ts.Node): SdkModule | undefined {
    return ldConsumerModuleOf(this, node);
  }

  static dirOf(file: string): string {
    return path.posix.dirname(file);
  }
}
