import { findNodeAtLocation, parseTree, type Node } from 'jsonc-parser';
import type { ConfigProblem } from '../config/model';
import { findDeepNesting, flattenDeepNesting } from '../util/jsonNesting';
import { globRefusal } from '../util/safeGlob';
import { lineStartsOf } from '../util/textLines';
import { typedPathPattern } from '../util/paths';

export const defaultLaunchDarklyBaseUrl = 'https://app.launchdarkly.com';
export const defaultPollIntervalSeconds = 60;
/** Polling faster than this gains nothing for a person reading a hover and costs rate limit. */
export const minPollIntervalSeconds = 10;

export interface FlagdSourceConfig {
  /** Globs relative to the root; undefined = default discovery. */
  files?: string[];
}

export interface LaunchDarklySourceConfig {
  project: string;
  /** Empty = let the source pick (all environments of the project, in batches). */
  environments: string[];
  baseUrl: string;
}

export interface UnleashSourceConfig {
  url: string;
  project: string;
  /** Undefined = every environment enabled in the project. */
  environments?: string[];
}

/** The validated `sources` section of `.flaglens.json`. */
export interface SourcesConfig {
  /** `false` turns the embedded flagd default off; undefined = not configured. */
  flagd?: FlagdSourceConfig | false;
  launchdarkly?: LaunchDarklySourceConfig;
  unleash?: UnleashSourceConfig;
  pollIntervalSeconds: number;
  protectedEnvironments: string[];
}

export interface SourceConfigProblem extends ConfigProblem {
  /** JSON path of the bad entry, e.g. `sources.unleash.url`. */
  path: string;
}

export interface ValidateSourcesOptions {
  /** The config file, so problems point at it. */
  file?: string;
  /** The config file's text, so problems carry the line of the bad entry. */
  text?: string;
}

/** The `sources` keys the validator accepts; the JSON schema is tested against these. */
export const sourceSettingKeys: ReadonlySet<string> = new Set(['flagd', 'launchdarkly', 'unleash', 'pollIntervalSeconds', 'protectedEnvironments']);

/**
 * `sources` as written in `.flaglens.json`, read when the config loads: every value has the right
 * type (a wrong one is reported and dropped), but what a source still needs to start — a server
 * URL, a project — may come from user settings or command-line options, so it is checked only when
 * the sources are completed (`completeSources`).
 */
export interface DeclaredSources {
  /** `false` turns the embedded flagd default off; undefined = not configured. */
  flagd?: FlagdSourceConfig | false;
  launchdarkly?: { project?: string; environments?: string[]; baseUrl?: string };
  unleash?: { url?: string; project?: string; environments?: string[] };
  pollIntervalSeconds?: number;
  protectedEnvironments?: string[];
}

/** Reads the raw `sources` section into its typed shape. Never throws: a bad entry is dropped and reported. */
export function parseSourcesSection(raw: unknown, options: ValidateSourcesOptions = {}): { declared: DeclaredSources; problems: SourceConfigProblem[] } {
  const declared: DeclaredSources = {};
  const { problems, problem } = problemSink(options);
  if (raw === undefined || raw === null) return { declared, problems };
  if (!isRecord(raw)) {
    problem([], '"sources" must be an object.');
    return { declared, problems };
  }
  for (const key of Object.keys(raw)) {
    if (!sourceSettingKeys.has(key)) problem([key], `Unknown source setting "${key}" (expected ${[...sourceSettingKeys].join(', ')}).`);
  }

  if (raw.flagd !== undefined) {
    if (raw.flagd === false) declared.flagd = false;
    else if (raw.flagd === true) declared.flagd = {};
    else if (!isRecord(raw.flagd)) problem(['flagd'], '"flagd" must be an object like {"files": ["flags/*.flagd.json"]} or false.');
    else {
      const files = stringList(raw.flagd.files);
      if (raw.flagd.files !== undefined && (files === undefined || files.length === 0)) {
        problem(['flagd', 'files'], '"flagd.files" must be a non-empty list of globs relative to the workspace folder.');
        declared.flagd = {};
      } else {
        // A glob that could backtrack for minutes is kept here and skipped (with a log line) by
        // discovery; this warning points at its line in the config.
        for (const [i, glob] of (files ?? []).entries()) {
          const refused = globRefusal(typedPathPattern(glob));
          if (refused) problem(['flagd', 'files', i], `"flagd.files[${i}]" is not used: ${refused}`, 'warning');
        }
        declared.flagd = files ? { files } : {};
      }
    }
  }

  if (raw.launchdarkly !== undefined) {
    const ld = raw.launchdarkly;
    if (!isRecord(ld)) problem(['launchdarkly'], '"launchdarkly" must be an object with "project" and "environments".');
    else {
      const entry: NonNullable<DeclaredSources['launchdarkly']> = {};
      const project = ld.project === undefined ? undefined : nonEmptyString(ld.project);
      const environments = ld.environments === undefined ? undefined : stringList(ld.environments);
      const baseUrl = ld.baseUrl === undefined ? undefined : httpUrl(ld.baseUrl);
      if (ld.project !== undefined && !project) problem(['launchdarkly', 'project'], '"launchdarkly.project" must be the project key.');
      else if (project) entry.project = project;
      if (ld.environments !== undefined && !environments) problem(['launchdarkly', 'environments'], '"launchdarkly.environments" must be a list of environment keys.');
      else if (environments) entry.environments = environments;
      if (ld.baseUrl !== undefined && !baseUrl) problem(['launchdarkly', 'baseUrl'], '"launchdarkly.baseUrl" must be an http(s) URL such as https://app.launchdarkly.com.');
      else if (baseUrl) entry.baseUrl = baseUrl;
      // A wrong value drops the whole entry: a mistyped baseUrl must not send the token to the default host instead.
      if (!problems.some((p) => p.path.startsWith('sources.launchdarkly.') && p.severity !== 'warning')) declared.launchdarkly = entry;
    }
  }

  if (raw.unleash !== undefined) {
    const unleash = raw.unleash;
    if (!isRecord(unleash)) problem(['unleash'], '"unleash" must be an object with "url" and "project".');
    else {
      const entry: NonNullable<DeclaredSources['unleash']> = {};
      const url = unleash.url === undefined ? undefined : httpUrl(unleash.url);
      const project = unleash.project === undefined ? undefined : nonEmptyString(unleash.project);
      const environments = unleash.environments === undefined ? undefined : stringList(unleash.environments);
      if (unleash.url !== undefined && !url) problem(['unleash', 'url'], '"unleash.url" must be the server\'s http(s) URL, e.g. http://127.0.0.1:4242.');
      else if (url) entry.url = url;
      if (unleash.project !== undefined && !project) problem(['unleash', 'project'], '"unleash.project" must be a project id (default "default").');
      else if (project) entry.project = project;
      if (unleash.environments !== undefined && !environments) problem(['unleash', 'environments'], '"unleash.environments" must be a list of environment names.');
      else if (environments) entry.environments = environments;
      if (!problems.some((p) => p.path.startsWith('sources.unleash.') && p.severity !== 'warning')) declared.unleash = entry;
    }
  }

  if (raw.pollIntervalSeconds !== undefined) {
    const seconds = raw.pollIntervalSeconds;
    if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds <= 0) {
      problem(['pollIntervalSeconds'], `"pollIntervalSeconds" must be a number of seconds (default ${defaultPollIntervalSeconds}).`);
    } else if (seconds < minPollIntervalSeconds) {
      problem(['pollIntervalSeconds'], `"pollIntervalSeconds" is at least ${minPollIntervalSeconds}; using ${minPollIntervalSeconds}.`);
      declared.pollIntervalSeconds = minPollIntervalSeconds;
    } else {
      declared.pollIntervalSeconds = seconds;
    }
  }

  if (raw.protectedEnvironments !== undefined) {
    const list = stringList(raw.protectedEnvironments);
    if (!list) problem(['protectedEnvironments'], '"protectedEnvironments" must be a list of environment keys.');
    else declared.protectedEnvironments = list;
  }
  return { declared, problems };
}

/**
 * The sources that can start from a declared section: a remote source missing what it needs (the
 * LaunchDarkly project, the Unleash URL) is dropped and reported at its entry.
 */
export function completeSources(declared: DeclaredSources, options: ValidateSourcesOptions = {}): { config: SourcesConfig; problems: SourceConfigProblem[] } {
  const { problems, problem } = problemSink(options);
  const config: SourcesConfig = { pollIntervalSeconds: declared.pollIntervalSeconds ?? defaultPollIntervalSeconds, protectedEnvironments: [...(declared.protectedEnvironments ?? [])] };
  if (declared.flagd !== undefined) config.flagd = declared.flagd;
  const ld = declared.launchdarkly;
  if (ld) {
    if (!ld.project) problem(['launchdarkly', 'project'], '"launchdarkly.project" must be the project key.');
    else config.launchdarkly = { project: ld.project, environments: ld.environments ?? [], baseUrl: ld.baseUrl ?? defaultLaunchDarklyBaseUrl };
  }
  const unleash = declared.unleash;
  if (unleash) {
    if (!unleash.url) problem(['unleash', 'url'], '"unleash.url" must be the server\'s http(s) URL, e.g. http://127.0.0.1:4242.');
    else config.unleash = { url: unleash.url, project: unleash.project ?? 'default', ...(unleash.environments ? { environments: unleash.environments } : {}) };
  }
  return { config, problems };
}

/** Parse and complete in one step: the raw section straight to the sources that can start. */
export function validateSourcesConfig(raw: unknown, options: ValidateSourcesOptions = {}): { config: SourcesConfig; problems: SourceConfigProblem[] } {
  const parsed = parseSourcesSection(raw, options);
  const completed = completeSources(parsed.declared, options);
  return { config: completed.config, problems: [...parsed.problems, ...completed.problems] };
}

function problemSink(options: ValidateSourcesOptions): { problems: SourceConfigProblem[]; problem: (path: (string | number)[], message: string, severity?: 'warning') => void } {
  const problems: SourceConfigProblem[] = [];
  const locate = locator(options);
  const problem = (path: (string | number)[], message: string, severity?: 'warning') =>
    problems.push({ ...locate(['sources', ...path]), path: ['sources', ...path].join('.'), message, ...(severity ? { severity } : {}) });
  return { problems, problem };
}

/** True when the section asks for any source explicitly (otherwise flagd files are discovered). */
export function hasConfiguredSources(config: SourcesConfig): boolean {
  return config.flagd !== undefined || config.launchdarkly !== undefined || config.unleash !== undefined;
}

function locator(options: ValidateSourcesOptions): (path: (string | number)[]) => { file: string; line: number; character: number } {
  const file = options.file ?? '.flaglens.json';
  let root: Node | undefined;
  let starts: number[] | undefined;
  if (options.text !== undefined) {
    // Only for positions: the deep parts (reported by the config parser) are blanked so the tree stays shallow.
    root = parseTree(flattenDeepNesting(options.text, findDeepNesting(options.text)), [], { allowTrailingComma: true });
    starts = lineStartsOf(options.text);
  }
  return (path) => {
    if (!root || !starts) return { file, line: 0, character: 0 };
    let node: Node | undefined;
    for (let length = path.length; length > 0 && !node; length--) node = findNodeAtLocation(root, path.slice(0, length));
    // Point at the property name, where an editor underlines it.
    const target = node?.parent?.type === 'property' ? node.parent : node;
    const offset = target?.offset ?? 0;
    let line = 0;
    while (line + 1 < starts.length && starts[line + 1]! <= offset) line++;
    return { file, line, character: offset - starts[line]! };
  };
}

function stringList(value: unknown): string[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const items = value.filter((item): item is string => typeof item === 'string' && item.trim() !== '').map((item) => item.trim());
  return items.length === value.length ? items : undefined;
}

function nonEmptyString(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function httpUrl(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  try {
    const url = new URL(value.trim());
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
    return value.trim().replace(/\/+$/, '');
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
