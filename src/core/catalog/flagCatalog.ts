import type { DynamicReference, FlagReference } from '../references/model';
import type { FlagSource, SourceProblem, SourceStatus } from '../sources/model';
import { describeError } from '../errors';
import { silentLogger, type Logger } from '../log';
import { Emitter, type Disposable, type Event } from '../util/emitter';
import { closestKey } from '../stale/rules/closestKey';
import { isHint } from '../stale/model';
import type { DefinitionState } from './present/lensText';
import { toPosixPath } from '../util/paths';
import type {
  CatalogChange,
  CatalogCounts,
  CatalogDefinition,
  CatalogEntry,
  CatalogIndex,
  CatalogStaleFinding,
  StaleDetector,
} from './model';

export interface FlagCatalogOptions {
  logger?: Logger;
  now?: () => Date;
  /** `detectStaleFlags` bound to the folder's thresholds; without it entries carry no findings. */
  detectStale?: StaleDetector;
}

/** A problem a source reported against one of its files (e.g. a malformed flagd file), for the Problems panel. */
export interface CatalogSourceProblem extends SourceProblem {
  file: string;
  sourceId: string;
  sourceLabel: string;
}

export interface CatalogSourceState {
  id: string;
  label: string;
  kind: FlagSource['kind'];
  status: SourceStatus;
  loaded: boolean;
  fetchedAt?: Date;
  fromCache: boolean;
}

/**
 * One joined view per workspace folder: definitions from every source, references from the
 * index, stale findings. Surfaces only read from here, so nothing re-scans or re-fetches on its own.
 * Definitions are rebuilt when a snapshot arrives; stale findings lazily on the first read after a change.
 */
export class FlagCatalog implements Disposable {
  private readonly changeEmitter = new Emitter<CatalogChange>();
  readonly onDidChange: Event<CatalogChange> = this.changeEmitter.event;

  private readonly logger: Logger;
  private readonly now: () => Date;
  private readonly detectStale: StaleDetector | undefined;
  private index: CatalogIndex | undefined;
  private indexSubscription: Disposable | undefined;
  private sourceList: FlagSource[] = [];
  private sourceSubscriptions: Disposable[] = [];
  private definitionsByKey = new Map<string, CatalogDefinition[]>();
  private problemsByFile = new Map<string, CatalogSourceProblem[]>();
  private staleByKey: Map<string, CatalogStaleFinding[]> | undefined;
  private knownKeysSignature = '';

  constructor(options: FlagCatalogOptions = {}) {
    this.logger = options.logger ?? silentLogger;
    this.now = options.now ?? (() => new Date());
    this.detectStale = options.detectStale;
  }

  setIndex(index: CatalogIndex | undefined): void {
    this.indexSubscription?.dispose();
    this.index = index;
    this.indexSubscription = index?.onDidChange(({ files }) => {
      this.staleByKey = undefined;
      this.changeEmitter.fire({ files });
    });
    this.knownKeysSignature = '';
    this.pushKnownKeys();
    this.staleByKey = undefined;
    this.changeEmitter.fire({ files: index ? [...new Set(index.all().map((r) => r.file))] : [], definitions: true });
  }

  /** Replaces the sources; the catalog does not own them (the folder session disposes them). */
  setSources(sources: readonly FlagSource[]): void {
    for (const subscription of this.sourceSubscriptions) subscription.dispose();
    this.sourceList = [...sources];
    this.sourceSubscriptions = this.sourceList.flatMap((source) => [
      source.onDidChangeSnapshot(() => this.rebuildDefinitions()),
      source.onDidChangeStatus(() => this.changeEmitter.fire({ status: true })),
    ]);
    this.rebuildDefinitions();
    this.changeEmitter.fire({ status: true });
  }

  sources(): readonly FlagSource[] {
    return this.sourceList;
  }

  source(id: string): FlagSource | undefined {
    return this.sourceList.find((source) => source.id === id);
  }

  sourceStates(): CatalogSourceState[] {
    return this.sourceList.map((source) => ({
      id: source.id,
      label: source.label,
      kind: source.kind,
      status: source.status,
      loaded: source.snapshot !== undefined,
      fetchedAt: source.snapshot?.fetchedAt,
      fromCache: source.snapshot?.fromCache === true,
    }));
  }

  /** True once any source has a snapshot: only then can a key be called unknown. */
  hasDefinitions(): boolean {
    return this.sourceList.some((source) => source.snapshot !== undefined);
  }

  /** Loaded once any source has a snapshot; loading while a source still might; else unavailable. */
  definitionState(): DefinitionState {
    if (this.hasDefinitions()) return 'loaded';
    const pending = this.sourceList.some((source) => source.status.state === 'idle' || source.status.state === 'refreshing');
    return pending ? 'loading' : 'unavailable';
  }

  entry(key: string): CatalogEntry | undefined {
    const definitions = this.definitionsByKey.get(key) ?? [];
    const references = this.index?.referencesOf(key) ?? [];
    if (definitions.length === 0 && references.length === 0) return undefined;
    return { key, definitions, references, stale: this.staleFor(key) };
  }

  /** Every defined or referenced key, sorted. */
  keys(): string[] {
    const keys = new Set(this.definitionsByKey.keys());
    for (const reference of this.index?.all() ?? []) keys.add(reference.key);
    return [...keys].sort();
  }

  definedKeys(): string[] {
    return [...this.definitionsByKey.keys()].sort();
  }

  entries(): CatalogEntry[] {
    return this.keys().map((key) => this.entry(key)).filter((entry): entry is CatalogEntry => entry !== undefined);
  }

  /** Entries for the keys referenced in one file, in order of first appearance. */
  entriesForFile(file: string): CatalogEntry[] {
    const seen = new Set<string>();
    const entries: CatalogEntry[] = [];
    for (const reference of this.referencesIn(file)) {
      if (seen.has(reference.key)) continue;
      seen.add(reference.key);
      const entry = this.entry(reference.key);
      if (entry) entries.push(entry);
    }
    return entries;
  }

  /** Every file with a reference or a dynamic reference. */
  files(): string[] {
    const files = new Set((this.index?.all() ?? []).map((reference) => reference.file));
    for (const dynamic of this.dynamic()) files.add(dynamic.file);
    return [...files].sort();
  }

  referencesIn(file: string): readonly FlagReference[] {
    return this.index?.referencesIn(file) ?? [];
  }

  dynamicIn(file: string): readonly DynamicReference[] {
    return this.index?.dynamicIn(file) ?? [];
  }

  dynamic(): readonly DynamicReference[] {
    return this.index?.dynamic() ?? [];
  }

  referenceAt(file: string, offset: number): { reference: FlagReference; entry: CatalogEntry } | undefined {
    const reference = this.index?.referenceAt(file, offset);
    if (!reference) return undefined;
    const entry = this.entry(reference.key);
    return entry ? { reference, entry } : undefined;
  }

  /** References to keys no loaded source defines; empty until a source has loaded. */
  unknownReferencesIn(file: string): FlagReference[] {
    if (!this.hasDefinitions()) return [];
    return this.referencesIn(file).filter((reference) => !this.definitionsByKey.has(reference.key));
  }

  /** Did-you-mean for an unknown key: the stale module's suggestion when it has one, else edit distance. */
  suggestionFor(key: string): string | undefined {
    const fromStale = this.staleFor(key).find((finding) => finding.suggestion)?.suggestion;
    return fromStale ?? closestKey(key, this.definitionsByKey.keys());
  }

  /** Files with source problems (absolute, forward slashes); a fixed file drops out on the next snapshot. */
  sourceProblemFiles(): string[] {
    return [...this.problemsByFile.keys()].sort();
  }

  sourceProblemsIn(file: string): readonly CatalogSourceProblem[] {
    return this.problemsByFile.get(file) ?? [];
  }

  staleFindings(): CatalogStaleFinding[] {
    return [...this.staleMap().values()].flat();
  }

  counts(): CatalogCounts {
    const all = this.index?.all() ?? [];
    const loaded = this.hasDefinitions();
    return {
      flags: this.definitionsByKey.size,
      references: all.length,
      dynamic: this.dynamic().length,
      unknown: loaded ? all.filter((reference) => !this.definitionsByKey.has(reference.key)).length : 0,
      staleFlags: new Set(this.staleFindings().filter((f) => f.kind !== 'unknownKey' && !isHint(f)).map((f) => f.key)).size,
    };
  }

  dispose(): void {
    this.indexSubscription?.dispose();
    for (const subscription of this.sourceSubscriptions) subscription.dispose();
    this.sourceSubscriptions = [];
    this.changeEmitter.dispose();
  }

  private rebuildDefinitions(): void {
    const byKey = new Map<string, CatalogDefinition[]>();
    const problemsByFile = new Map<string, CatalogSourceProblem[]>();
    for (const source of this.sourceList) {
      const snapshot = source.snapshot;
      if (!snapshot) continue;
      // Problems without a file (e.g. a vendor call that failed) have nowhere to point; the source logs them.
      for (const problem of snapshot.problems ?? []) {
        if (!problem.file) continue;
        const file = toPosixPath(problem.file);
        const entry: CatalogSourceProblem = { ...problem, file, sourceId: source.id, sourceLabel: source.label };
        const list = problemsByFile.get(file);
        if (list) list.push(entry);
        else problemsByFile.set(file, [entry]);
      }
      for (const flag of snapshot.flags) {
        const definition: CatalogDefinition = {
          sourceId: source.id,
          sourceLabel: source.label,
          sourceKind: source.kind,
          flag,
          environments: snapshot.environments,
        };
        const list = byKey.get(flag.key);
        if (list) list.push(definition);
        else byKey.set(flag.key, [definition]);
      }
    }
    this.definitionsByKey = byKey;
    this.problemsByFile = problemsByFile;
    this.staleByKey = undefined;
    this.pushKnownKeys();
    this.changeEmitter.fire({ definitions: true });
  }

  /** The index's text fallback for non-TS files needs the defined keys; only re-run when they change. */
  private pushKnownKeys(): void {
    const index = this.index;
    if (!index?.setKnownKeys) return;
    const keys = this.definedKeys();
    const signature = keys.join('\n');
    if (signature === this.knownKeysSignature) return;
    this.knownKeysSignature = signature;
    index.setKnownKeys(keys).catch((error: unknown) => this.logger.warn(`Could not update known flag keys: ${describeError(error)}`));
  }

  private staleFor(key: string): CatalogStaleFinding[] {
    return this.staleMap().get(key) ?? [];
  }

  private staleMap(): Map<string, CatalogStaleFinding[]> {
    if (this.staleByKey) return this.staleByKey;
    const map = new Map<string, CatalogStaleFinding[]>();
    if (this.detectStale && this.hasDefinitions()) {
      try {
        // The same input the CLI's `stale` command builds: the vendor decides whether a missing
        // evaluation means "never evaluated", and loaded sources with zero flags still count.
        const findings = this.detectStale({
          definitions: [...this.definitionsByKey.values()]
            .flat()
            .map((d) => ({ sourceId: d.sourceId, sourceKind: d.sourceKind, flag: d.flag, environments: d.environments })),
          references: this.index?.all() ?? [],
          dynamicReferences: this.dynamic(),
          sourceIds: this.sourceList.filter((source) => source.snapshot !== undefined).map((source) => source.id),
          now: this.now(),
        });
        for (const finding of findings) {
          const list = map.get(finding.key);
          if (list) list.push(finding);
          else map.set(finding.key, [finding]);
        }
      } catch (error) {
        this.logger.error(`Stale detection failed: ${describeError(error)}`);
      }
    }
    this.staleByKey = map;
    return map;
  }
}
