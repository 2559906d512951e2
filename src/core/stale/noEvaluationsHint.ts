import type { CatalogDefinition } from '../catalog/model';
import { quoted } from '../catalog/present/plainText';
import type { EvidenceLookup } from '../evidence/collectEvidence';
import { dayMs, hourMs, sourceHasEvidence, type EnvironmentEvidence } from '../evidence/model';
import { environmentProtection } from '../sources/protection';
import { isGone } from './context';

/*
 * The hint on references of a flag nobody evaluated in production: code that ships a flag check
 * production never runs is dead code or undeployed code. The claim is only as long as the source
 * can back it: Unleash keeps 48 h of raw counts (7 d with extended usage metrics), LaunchDarkly's
 * usage API is read for 7 d and its `lastRequested` can stretch that further. So the message names
 * the period the source showed to be empty — never a fixed "14 days" the source cannot see.
 */

type HintDefinition = Pick<CatalogDefinition, 'sourceId' | 'sourceKind' | 'flag' | 'environments'>;

export interface NoEvaluationsRequest {
  sourceId: string;
  environments: string[];
}

export interface NoEvaluationsHint {
  key: string;
  /** Every protected environment with no evaluations, in the source's order. */
  environments: string[];
  /** The shortest empty period among them: what the message claims for all. */
  periodMs: number;
  message: string;
}

/** Shorter than this, "no evaluations" is a quiet night, not evidence. */
const minimumPeriodMs = 24 * hourMs;
/** Tolerance for windows that end a few seconds before `until` (request time vs bucket edges). */
const slackMs = 60_000;

/** The evidence a hint needs for one flag: its protected environments, per source that counts evaluations. */
export function noEvaluationsRequests(definitions: readonly HintDefinition[], protectedEnvironments: readonly string[]): NoEvaluationsRequest[] {
  const requests: NoEvaluationsRequest[] = [];
  for (const definition of definitions) {
    if (!sourceHasEvidence(definition.sourceKind) || isGone(definition)) continue;
    const environments = Object.keys(definition.flag.environments).filter((environment) =>
      environmentProtection(environment, definition.environments.find((info) => info.key === environment), protectedEnvironments) !== undefined,
    );
    if (environments.length > 0) requests.push({ sourceId: definition.sourceId, environments });
  }
  return requests;
}

/**
 * The hint for one flag, or undefined. Only counts the source reported decide: an environment
 * without a ready state (not loaded, a failed read, flagd) or without counts gives no hint, and
 * neither does a `lastRequested` inside the counted window (the status saw an evaluation the
 * counts do not show yet).
 */
export function noEvaluationsHint(key: string, definitions: readonly HintDefinition[], lookup: EvidenceLookup, protectedEnvironments: readonly string[]): NoEvaluationsHint | undefined {
  const quiet: { environment: string; periodMs: number }[] = [];
  for (const request of noEvaluationsRequests(definitions, protectedEnvironments)) {
    for (const environment of request.environments) {
      const state = lookup(request.sourceId, key, environment);
      if (state?.state !== 'ready') continue;
      const periodMs = emptyPeriodMs(state.evidence);
      if (periodMs !== undefined && periodMs >= minimumPeriodMs - slackMs) quiet.push({ environment, periodMs });
    }
  }
  if (quiet.length === 0) return undefined;
  const environments = [...new Set(quiet.map((q) => q.environment))];
  const periodMs = Math.min(...quiet.map((q) => q.periodMs));
  return { key, environments, periodMs, message: noEvaluationsMessage(key, environments, periodMs) };
}

/** How long the source shows the environment without one evaluation; undefined when it shows any, or cannot tell. */
export function emptyPeriodMs(evidence: EnvironmentEvidence): number | undefined {
  const windows = [evidence.evaluations, evidence.lastDay].filter((window) => !!window);
  if (!evidence.evaluations || windows.some((window) => window.total !== 0)) return undefined;
  const since = Math.min(...windows.map((window) => window.since.getTime()));
  const until = Math.max(...windows.map((window) => window.until.getTime()));
  const lastRequested = evidence.lastRequested?.getTime();
  if (lastRequested !== undefined && lastRequested > since) return undefined;
  return until - (lastRequested ?? since);
}

/** `'new-checkout' had no evaluations in 'production' for 7 days.` */
export function noEvaluationsMessage(key: string, environments: readonly string[], periodMs: number): string {
  const names = environments.map((environment) => quoted(environment, 40));
  const where = names.length === 1 ? names[0]! : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]!}`;
  return `${quoted(key, 60)} had no evaluations in ${where} for ${periodText(periodMs)}.`;
}

/** `48 hours`, `7 days`: rounded down, so the message never claims more than the source showed. */
export function periodText(periodMs: number): string {
  if (periodMs < 2 * dayMs + hourMs) {
    const hours = Math.floor((periodMs + slackMs) / hourMs);
    return `${hours} ${hours === 1 ? 'hour' : 'hours'}`;
  }
  const days = Math.floor((periodMs + slackMs) / dayMs);
  return `${days} days`;
}
