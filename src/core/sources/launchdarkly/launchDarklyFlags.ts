import type { FeatureFlag, FlagStatusRep } from 'launchdarkly-api-typescript';
import type { EnvironmentInfo, EnvironmentState, EvaluationStatus, FlagDefinition, FlagKind, Variation } from '../model';
import { servingFromConfig, type OtherFlagVariation } from './launchDarklyServing';

export interface LaunchDarklyMappingContext {
  baseUrl: string;
  project: string;
  environments: readonly EnvironmentInfo[];
  /** environment key → flag key → status. */
  statuses: ReadonlyMap<string, ReadonlyMap<string, FlagStatusRep>>;
  /** Variation names of the other flags, for prerequisites. */
  otherFlagVariation?: OtherFlagVariation;
}

const evaluationStatuses = new Set<string>(['new', 'active', 'inactive', 'launched']);

export function flagFromLaunchDarkly(flag: FeatureFlag, context: LaunchDarklyMappingContext): FlagDefinition {
  const variations = variationsOf(flag);
  const names = variations.map((v) => v.name);
  const environments: Record<string, EnvironmentState> = {};
  let lastModified: number | undefined;
  let site: string | undefined;
  for (const info of context.environments) {
    const config = flag.environments?.[info.key];
    if (!config) continue;
    const status = context.statuses.get(info.key)?.get(flag.key);
    if (config.lastModified && (lastModified === undefined || config.lastModified > lastModified)) lastModified = config.lastModified;
    site ??= config._site?.href;
    environments[info.key] = {
      environment: info.key,
      on: config.on,
      serving: servingFromConfig(config, names, context.otherFlagVariation),
      ...(config.offVariation !== undefined ? { offVariation: names[config.offVariation] ?? `#${config.offVariation}` } : {}),
      ...(config.lastModified ? { lastModified: new Date(config.lastModified) } : {}),
      status: status && evaluationStatuses.has(status.name) ? (status.name as EvaluationStatus) : null,
      lastEvaluated: toDate(status?.lastRequested) ?? null,
      protected: info.protected,
    };
  }
  const maintainer = maintainerOf(flag);
  return {
    key: flag.key,
    name: flag.name || flag.key,
    ...(flag.description ? { description: flag.description } : {}),
    kind: kindOf(flag),
    variations,
    temporary: flag.temporary,
    // LaunchDarkly has no flag "type" beyond purpose (migration, holdout); temporary carries the rest.
    ...(flag._purpose ? { type: flag._purpose.toLowerCase() } : {}),
    tags: flag.tags ?? [],
    ...(maintainer ? { maintainer } : {}),
    ...(flag.creationDate ? { createdAt: new Date(flag.creationDate) } : {}),
    ...(lastModified !== undefined ? { lastModified: new Date(lastModified) } : flag.archivedDate ? { lastModified: new Date(flag.archivedDate) } : {}),
    archived: flag.archived === true,
    ...(flag.deprecated ? { markedStale: true } : {}),
    dashboardUrl: sameOriginLink(site, context.baseUrl) ?? `${context.baseUrl}/projects/${encodeURIComponent(context.project)}/flags/${encodeURIComponent(flag.key)}`,
    environments,
  };
}

/** A variation's display name: its name, else its value as text (`true`, `"blue"` → `blue`, `{"a":1}`). */
export function variationsOf(flag: FeatureFlag): Variation[] {
  return (flag.variations ?? []).map((variation, index) => {
    const valueText = typeof variation.value === 'string' ? variation.value : JSON.stringify(variation.value);
    return {
      name: variation.name?.trim() || valueText || `#${index}`,
      value: variation.value as unknown,
      ...(variation.description ? { description: variation.description } : {}),
    };
  });
}

/**
 * The reply's own link only when it stays on the configured host: vendor data must not choose where
 * a click goes (an absolute `_site.href` could point anywhere, `javascript:` included).
 */
export function sameOriginLink(href: string | undefined, baseUrl: string): string | undefined {
  if (!href) return undefined;
  try {
    const base = new URL(baseUrl);
    const resolved = new URL(href, base);
    return resolved.origin === base.origin && !resolved.username && !resolved.password ? resolved.toString() : undefined;
  } catch {
    return undefined;
  }
}

function kindOf(flag: FeatureFlag): FlagKind {
  const values = (flag.variations ?? []).map((v) => v.value as unknown);
  if (flag.kind === 'boolean' || (values.length > 0 && values.every((v) => typeof v === 'boolean'))) return 'boolean';
  if (values.length > 0 && values.every((v) => typeof v === 'string')) return 'string';
  if (values.length > 0 && values.every((v) => typeof v === 'number')) return 'number';
  return 'json';
}

function maintainerOf(flag: FeatureFlag): string | undefined {
  const member = flag._maintainer;
  if (member) {
    const name = [member.firstName, member.lastName].filter(Boolean).join(' ');
    return name ? `${name} <${member.email}>` : member.email;
  }
  return flag._maintainerTeam?.name;
}

function toDate(value: string | number | undefined): Date | undefined {
  if (value === undefined || value === '') return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}
