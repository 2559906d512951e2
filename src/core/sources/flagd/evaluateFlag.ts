import type { EvaluationContext, JsonValue } from '@openfeature/core';
import { FlagdCore, MemoryStorage } from '@openfeature/flagd-core';
import { describeError } from '../../errors';
import { readTextFile } from '../../util/textFiles';
import { boundedFlagdText } from './flagdLimits';

/** The flagd source's own limit for a flag file. */
const maxFlagFileBytes = 32 * 1024 * 1024;

export interface FlagEvaluation {
  key: string;
  /** Undefined when the flag is disabled, missing or errored: the caller's code default applies. */
  value: unknown;
  variant?: string;
  /** OpenFeature reason: STATIC, TARGETING_MATCH, DEFAULT, DISABLED, ERROR. */
  reason: string;
  errorCode?: string;
  errorMessage?: string;
}

const silentFlagdLogger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

/**
 * "What does this context get?" for one flag of one flagd file, answered by flagd's own evaluator
 * (fractional bucketing, sem_ver, $ref…) so hovers agree with production. Build it once per file
 * text and reuse it for many contexts.
 */
export class FlagdEvaluator {
  private readonly core: FlagdCore;

  constructor(flagdJson: string) {
    // Interpreter mode: targeting from a workspace file is never compiled into code.
    const storage = new MemoryStorage(silentFlagdLogger, { disableDynamicCodeGeneration: true });
    // Only what parsing kept: no flag nested too deep, no `$ref` expansion too large for flagd-core's string replacement.
    storage.setConfigurations(boundedFlagdText(flagdJson), false);
    this.core = new FlagdCore(storage, silentFlagdLogger);
  }

  evaluate(key: string, context: EvaluationContext = {}): FlagEvaluation {
    try {
      return this.evaluateUnchecked(key, context);
    } catch (error) {
      // A hover must never take the source down: whatever the targeting does, it is an evaluation error.
      return { key, value: undefined, reason: 'ERROR', errorCode: 'GENERAL', errorMessage: describeError(error) };
    }
  }

  private evaluateUnchecked(key: string, context: EvaluationContext): FlagEvaluation {
    const flag = this.core.getFlag(key);
    if (!flag) return { key, value: undefined, reason: 'ERROR', errorCode: 'FLAG_NOT_FOUND', errorMessage: `flag '${key}' not found` };
    const values = [...flag.variants.values()];
    const sample = values[0];
    const resolution =
      typeof sample === 'boolean' ? this.core.resolveBooleanEvaluation(key, false, context)
      : typeof sample === 'number' ? this.core.resolveNumberEvaluation(key, 0, context)
      : typeof sample === 'string' ? this.core.resolveStringEvaluation(key, '', context)
      : this.core.resolveObjectEvaluation<JsonValue>(key, {}, context);
    const served = resolution.reason !== 'DISABLED' && resolution.reason !== 'ERROR' && resolution.variant !== undefined;
    const result: FlagEvaluation = { key, value: served ? resolution.value : undefined, reason: resolution.reason ?? 'UNKNOWN' };
    if (resolution.variant !== undefined) result.variant = resolution.variant;
    if (resolution.errorCode !== undefined) result.errorCode = resolution.errorCode;
    if (resolution.errorMessage !== undefined) result.errorMessage = resolution.errorMessage;
    return result;
  }
}

/** One-off evaluation from a flagd file's text; prefer a cached FlagdEvaluator for repeated calls. */
export function evaluateFlag(flagdJson: string, key: string, context: EvaluationContext = {}): FlagEvaluation {
  return new FlagdEvaluator(flagdJson).evaluate(key, context);
}

/** The same for a flagd file on disk (the CLI and tests; the source keeps its own evaluators). */
export async function evaluateFlagFile(file: string, key: string, context: EvaluationContext = {}): Promise<FlagEvaluation> {
  // Decodes a BOM or UTF-16, and refuses a FIFO or device instead of waiting on it.
  return evaluateFlag(await readTextFile(file, { maxBytes: maxFlagFileBytes }), key, context);
}
