import * as path from 'node:path';
import type { EnvironmentInfo, FlagDefinition, FlagSnapshot, SourceLocation, SourceProblem } from '../model';
import type { FlagdFlag, ParsedFlagdFile } from './parseFlagdFile';
import { withProtection } from '../protection';
import type { ValidationCache } from './validateFlagd';
import { relativePosixPath } from '../../util/paths';

/** One watched file: its last good parse (kept while the file is broken) and its current problems. */
export interface FlagdFileState {
  file: string;
  /** The environment this file is; assigned by `assignEnvironments`. */
  environment: string;
  lastGood: ParsedFlagdFile | undefined;
  /** The text `lastGood` was parsed from, for evaluation. */
  lastGoodText: string | undefined;
  problems: SourceProblem[];
  /** Flags of this file that already passed flagd-core validation. */
  validation?: ValidationCache;
}

/** flagd has no permanence flag; these vendor types mean "meant to stay". */
const permanentTypes = new Set(['kill-switch', 'killswitch', 'operational', 'ops', 'permission', 'permanent']);

/**
 * Environment names: `metadata.flagSetId`, else the file name without `.flagd.json`/`.json`
 * (`flags` for a bare flags.json). When two files would share a name, both fall back to their path
 * relative to the root so neither hides the other.
 */
export function assignEnvironments(root: string, files: FlagdFileState[]): void {
  const wanted = files.map((state) => {
    const flagSetId = state.lastGood?.kind === 'flagd' ? state.lastGood.flagSetId : undefined;
    return flagSetId ?? environmentFromFileName(state.file);
  });
  const counts = new Map<string, number>();
  for (const name of wanted) counts.set(name, (counts.get(name) ?? 0) + 1);
  files.forEach((state, i) => {
    const name = wanted[i]!;
    state.environment = counts.get(name)! > 1 ? relativePath(root, state.file) : name;
  });
}

function environmentFromFileName(file: string): string {
  const base = path.basename(file);
  return base.replace(/\.flagd\.json$/i, '').replace(/\.json$/i, '') || base;
}

export function relativePath(root: string, file: string): string {
  return relativePosixPath(root, file) || path.basename(file);
}

/** Merges every file into one snapshot: flags by key, one environment per flagd file. */
export function buildFlagdSnapshot(options: {
  sourceId: string;
  root: string;
  files: readonly FlagdFileState[];
  fetchedAt: Date;
  protectedEnvironments: readonly string[];
}): FlagSnapshot {
  const flags = new Map<string, FlagDefinition>();
  const environments: EnvironmentInfo[] = [];
  const problems: SourceProblem[] = [];
  for (const state of options.files) {
    problems.push(...state.problems);
    const parsed = state.lastGood;
    if (!parsed || parsed.kind !== 'flagd') continue;
    // Files are development state by default; a production-looking name or the workspace's list still protects them.
    const info: EnvironmentInfo = withProtection({ key: state.environment, name: relativePath(options.root, state.file) }, undefined, options.protectedEnvironments);
    environments.push(info);
    for (const flag of parsed.flags) {
      const definition = flags.get(flag.key) ?? newDefinition(flag, { file: state.file, line: flag.line, character: flag.character });
      definition.environments[state.environment] = {
        environment: state.environment,
        on: flag.on,
        serving: flag.serving,
        protected: info.protected,
        status: null,
        lastEvaluated: null,
        definedAt: { file: state.file, line: flag.line, character: flag.character },
      };
      flags.set(flag.key, definition);
    }
  }
  // Manifests add keys and defaults, never state.
  for (const state of options.files) {
    const parsed = state.lastGood;
    if (!parsed || parsed.kind !== 'manifest') continue;
    for (const entry of parsed.flags) {
      const existing = flags.get(entry.key);
      if (existing) {
        existing.defaultValue ??= entry.defaultValue;
        existing.description ??= entry.description;
        continue;
      }
      flags.set(entry.key, {
        key: entry.key,
        name: entry.key,
        description: entry.description,
        kind: entry.kind,
        variations: [],
        temporary: true,
        tags: [],
        archived: false,
        defaultValue: entry.defaultValue,
        environments: {},
        definedAt: { file: state.file, line: entry.line, character: entry.character },
      });
    }
  }
  return {
    sourceId: options.sourceId,
    flags: [...flags.values()].sort((a, b) => a.key.localeCompare(b.key)),
    environments,
    fetchedAt: options.fetchedAt,
    problems,
  };
}

function newDefinition(flag: FlagdFlag, definedAt: SourceLocation): FlagDefinition {
  const metadata = flag.metadata;
  const text = (key: string) => (typeof metadata[key] === 'string' && (metadata[key] as string).trim() ? (metadata[key] as string).trim() : undefined);
  const type = text('type')?.toLowerCase();
  const temporary =
    typeof metadata.temporary === 'boolean' ? metadata.temporary
    : typeof metadata.permanent === 'boolean' ? !metadata.permanent
    : type === undefined || !permanentTypes.has(type);
  const definition: FlagDefinition = {
    key: flag.key,
    name: text('name') ?? flag.key,
    kind: flag.kind,
    variations: flag.variants.map((v) => ({ name: v.name, value: v.value })),
    temporary,
    tags: (text('tags') ?? '').split(',').map((t) => t.trim()).filter(Boolean),
    archived: false,
    environments: {},
    definedAt,
  };
  const description = text('description');
  if (description) definition.description = description;
  if (type) definition.type = type;
  const maintainer = text('owner') ?? text('maintainer');
  if (maintainer) definition.maintainer = maintainer;
  const created = dateOf(metadata.createdAt ?? metadata.created);
  if (created) definition.createdAt = created;
  const modified = dateOf(metadata.lastModified ?? metadata.updatedAt);
  if (modified) definition.lastModified = modified;
  if (metadata.stale === true || metadata.deprecated === true) definition.markedStale = true;
  definition.flagMetadata = { ...metadata };
  return definition;
}

function dateOf(value: unknown): Date | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}
