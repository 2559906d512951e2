import type { EnvironmentInfo, EnvironmentState, FlagDefinition, Variation } from '../model';
import type { ChangeHistory } from './unleashHistory';
import { servingFromStrategies, type SegmentNames } from './unleashServing';
import type { UnleashFeatureDetail, UnleashFeatureListItem, UnleashStrategy, UnleashVariant } from './unleashTypes';

export interface UnleashMappingContext {
  /** Normalized server URL, for dashboard links. */
  baseUrl: string;
  project: string;
  /** The environments this source reports, already resolved and marked protected. */
  environments: readonly EnvironmentInfo[];
  segments: SegmentNames;
  history: ChangeHistory;
}

/** Flag types whose flags are meant to go away once rolled out (Unleash's own "expected lifetime"). */
const temporaryTypes = new Set(['release', 'experiment']);

export function flagFromUnleash(item: UnleashFeatureListItem, detail: UnleashFeatureDetail | undefined, context: UnleashMappingContext): FlagDefinition {
  const strategies = (detail?.environments ?? []).flatMap((e) => e.strategies ?? []);
  const environments: Record<string, EnvironmentState> = {};
  const createdAt = toDate(detail?.createdAt ?? item.createdAt);
  for (const info of context.environments) {
    const state = detail?.environments?.find((e) => e.name === info.key);
    const listed = item.environments?.find((e) => e.name === info.key);
    if (!state && !listed) continue;
    const lastSeen = toDate(state?.lastSeenAt ?? listed?.lastSeenAt);
    const yes = state?.yes ?? listed?.yes;
    const no = state?.no ?? listed?.no;
    const lastModified = context.history.lastChange(item.name, info.key, createdAt);
    environments[info.key] = {
      environment: info.key,
      on: state?.enabled ?? listed?.enabled ?? false,
      serving: servingFromStrategies(state?.strategies, context.segments),
      offVariation: 'off',
      ...(lastModified ? { lastModified } : {}),
      // Unleash has LaunchDarkly-style statuses nowhere; "last seen" is the evaluation signal.
      status: null,
      lastEvaluated: lastSeen ?? null,
      ...(yes !== undefined && no !== undefined ? { evaluationCounts: { yes, no } } : {}),
      protected: info.protected,
    };
  }
  const lastModified = context.history.lastChange(item.name, undefined, createdAt);
  return {
    ...commonFields(item, detail, context),
    ...(lastModified ? { lastModified } : {}),
    variations: variationsOf(detail?.variants, strategies),
    archived: detail?.archived === true,
    environments,
  };
}

/** Archived flags have no live state; they are reported so stale-flag detection can say "removed". */
export function archivedFlagFromUnleash(item: UnleashFeatureListItem, context: UnleashMappingContext): FlagDefinition {
  return {
    ...commonFields(item, undefined, context),
    variations: variationsOf(undefined, []),
    archived: true,
    lastModified: toDate(item.archivedAt),
    environments: {},
  };
}

function commonFields(item: UnleashFeatureListItem, detail: UnleashFeatureDetail | undefined, context: UnleashMappingContext): Omit<FlagDefinition, 'variations' | 'archived' | 'environments'> {
  const type = (detail?.type ?? item.type)?.toLowerCase();
  const description = detail?.description ?? item.description;
  const createdAt = toDate(detail?.createdAt ?? item.createdAt);
  return {
    key: item.name,
    name: item.name,
    ...(description ? { description } : {}),
    kind: 'boolean',
    temporary: type !== undefined && temporaryTypes.has(type),
    ...(type ? { type } : {}),
    tags: (item.tags ?? []).map((tag) => (tag.type === 'simple' ? tag.value : `${tag.type}:${tag.value}`)),
    ...(createdAt ? { createdAt } : {}),
    markedStale: (detail?.stale ?? item.stale) === true,
    dashboardUrl: `${context.baseUrl}/projects/${encodeURIComponent(context.project)}/features/${encodeURIComponent(item.name)}`,
  };
}

/** `on`/`off` always (what `isEnabled` returns), then every variant a strategy or the flag can hand out. */
function variationsOf(flagVariants: readonly UnleashVariant[] | undefined, strategies: readonly UnleashStrategy[]): Variation[] {
  const variations: Variation[] = [
    { name: 'on', value: true },
    { name: 'off', value: false },
  ];
  const seen = new Set(['on', 'off']);
  for (const variant of [...(flagVariants ?? []), ...strategies.flatMap((s) => s.variants ?? [])]) {
    if (seen.has(variant.name)) continue;
    seen.add(variant.name);
    variations.push({ name: variant.name, value: variant.payload?.value ?? variant.name, description: variant.payload ? `variant (${variant.payload.type} payload)` : 'variant' });
  }
  return variations;
}

export function toDate(value: string | null | undefined): Date | undefined {
  if (!value) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** Every strategy's segment ids, to fetch segment names only when something uses one. */
export function segmentIdsIn(details: readonly (UnleashFeatureDetail | undefined)[]): number[] {
  const ids = new Set<number>();
  for (const detail of details) {
    for (const environment of detail?.environments ?? []) {
      for (const strategy of environment.strategies ?? []) for (const id of strategy.segments ?? []) ids.add(id);
    }
  }
  return [...ids];
}
