import type { DeclaredSources } from '../sources/sourceConfig';

export type KeyTransform = 'camelToKebab' | 'camelToSnake' | 'none';

/** One entry of `.flaglens.json` "patterns": an in-house wrapper the index treats like an SDK call. */
export interface CustomPattern {
  function?: string;
  method?: string;
  receiver?: string;
  property?: string;
  keyArg: number;
  /** The key is this property (a dotted path for nested objects) of the object literal at `keyArg`. */
  keyProperty?: string;
  transform: KeyTransform;
  stripPrefix?: string;
  valuePath?: string;
  negate?: boolean;
}

export interface FlagLensConfig {
  /** Absolute path of the `.flaglens.json` it came from. */
  file?: string;
  patterns: CustomPattern[];
  /** Globs relative to the root. */
  exclude: string[];
  /** The `sources` section, typed at load (src/core/sources/sourceConfig.ts); absent when not written. */
  sources?: DeclaredSources;
  /** Raw; validated by src/core/stale. */
  stale?: unknown;
  /**
   * Ask TypeScript's checker about receivers of SDK-named calls whose declared type the syntax
   * cannot read (`typeof`, mapped types, packages that wrap an SDK). Absent: on.
   */
  typeChecker?: boolean;
}

/** 0-based position of a bad entry, the same convention as VS Code diagnostics. */
export interface ConfigProblem {
  file: string;
  line: number;
  character: number;
  message: string;
  /** Absent means error: the entry was dropped. `warning`: the config is used, with a limit applied. */
  severity?: 'warning';
  /** JSON path of the entry when known, e.g. `sources.unleash.url`. */
  path?: string;
}

export function emptyConfig(): FlagLensConfig {
  return { patterns: [], exclude: [] };
}
