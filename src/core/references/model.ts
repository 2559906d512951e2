/** A span in one file: offsets plus 0-based line/character (the same convention as VS Code and the TS API). */
export interface SourceSpan {
  start: number;
  end: number;
  startLine: number;
  startCharacter: number;
  endLine: number;
  endCharacter: number;
}

export type SdkName = 'launchdarkly' | 'openfeature' | 'unleash' | 'growthbook' | 'custom' | 'text';

/** What the flag-evaluating expression yields. `detail` is an object that holds the value (`.value`). */
export type EvaluationKind = 'boolean' | 'string' | 'number' | 'object' | 'variant' | 'detail' | 'unknown';

/** How the key was found: written out, through a constant, an enum member, a flags-object property, or a wrapper call. */
export type ReferenceVia = 'literal' | 'constant' | 'enum' | 'property' | 'wrapper';

export type ReferenceConfidence = 'ast' | 'text';

/**
 * What the code names where the key is not written out at the call site, as the analysis met it
 * anyway (nothing is resolved for it): the constant (`NEW_CHECKOUT`, `FLAGS.bannerText`), the enum
 * member (`FlagKey.LegacyPayments`), the flags-object property (`darkMode`) or the outermost wrapper
 * (`useFeature`). Hovers say how a key was found with it, most usefully when no source is configured.
 */
export interface ReferenceOrigin {
  name: string;
  /** The file that declares it (absolute, forward slashes); absent for a property, which the call site names itself. */
  file?: string;
}

export interface FlagReference {
  key: string;
  /** Absolute, normalized with forward slashes. */
  file: string;
  /** The key expression; for a wrapper, the wrapper's call site argument; for a destructured flags object, the property name. */
  keySpan: SourceSpan;
  /** The whole flag-evaluating call or property access (what cleanup replaces with the value). */
  callSpan: SourceSpan;
  sdk: SdkName;
  /** Stable pattern id, e.g. `launchdarkly.variation`, `openfeature.react.useBooleanFlagValue`, `custom.useUiFlag`. */
  pattern: string;
  kind: EvaluationKind;
  /** Source text of the default/fallback argument when the call has one. */
  defaultValue?: string;
  confidence: ReferenceConfidence;
  via: ReferenceVia;
  /** For `via` other than `literal`, when known: the name the key came through and where it is declared. */
  origin?: ReferenceOrigin;
  /**
   * For wrapper references: the chain of wrapper functions from the call site down to the SDK call,
   * outermost first, as `file#name`. Cleanup uses it to delete wrappers that lose their last use.
   */
  wrappers?: string[];
  /** Custom patterns: the property of the result that holds the value (`useFlag(k).enabled`). */
  valuePath?: string;
  /** Custom patterns: the call returns the inverse of the flag (`isFlagDisabled(k)`). */
  negate?: boolean;
}

/** A flag-evaluating call whose key could not be resolved statically; reported, never dropped. */
export interface DynamicReference {
  file: string;
  span: SourceSpan;
  sdk: SdkName;
  pattern: string;
  /** One line, e.g. "template literal with substitutions", "key comes from parameter 'k' of wrapper 'check'". */
  reason: string;
}

export interface IndexStats {
  filesDiscovered: number;
  filesScanned: number;
  filesParsed: number;
  filesSkipped: number;
  durationMs: number;
}

export interface SkippedFile {
  file: string;
  reason: string;
}
