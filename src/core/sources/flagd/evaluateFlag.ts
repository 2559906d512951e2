import { promises as fs } from 'node:fs';
import type { EvaluationContext, JsonValue } from '@openfeature/core';
import { FlagdCore, MemoryStorage } from '@openfeature/flagd-core';

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
    storage.setConfigurations(flagdJson, false);
    this.core = new FlagdCore(storage, silentFlagdLogger);
  }

  evaluate(key: string, context: EvaluationContext = {}): FlagEvaluation {
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
  const text = (await fs.readFile(file, 'utf8')).replace(/^\uFEFF/, '');
  return evaluateFlag(text, key, context);
}
