import { ReplyShape } from '../replyShape';
import type {
  UnleashEnvironments,
  UnleashEventSearch,
  UnleashFeatureDetail,
  UnleashProject,
  UnleashProjectFeatures,
  UnleashSearchResult,
  UnleashSegments,
} from './unleashTypes';

// Each check takes the parsed reply and returns it typed, or throws the `parse` error
// "Unleash returned an unexpected response for <what> (<which part>)".

export function checkProject(body: unknown, what: string): UnleashProject {
  const shape = new ReplyShape('Unleash', what);
  const project = shape.record(body, 'the reply');
  shape.optionalArray(project.environments, 'environments');
  for (const [i, entry] of ((project.environments ?? []) as unknown[]).entries()) {
    if (typeof entry === 'string') shape.key(entry, `environments[${i}]`);
    else shape.key(shape.record(entry, `environments[${i}]`).environment, `environments[${i}]`);
  }
  return project as UnleashProject;
}

export function checkEnvironments(body: unknown, what: string): UnleashEnvironments {
  const shape = new ReplyShape('Unleash', what);
  const reply = shape.record(body, 'the reply');
  for (const [i, environment] of shape.records(reply.environments, 'environments').entries()) {
    const where = `environments[${i}]`;
    shape.key(environment.name, where);
    shape.optional(environment.type, 'string', `${where}.type`);
    shape.optional(environment.sortOrder, 'number', `${where}.sortOrder`);
    shape.optional(environment.requiredApprovals, 'number', `${where}.requiredApprovals`);
  }
  return reply as unknown as UnleashEnvironments;
}

export function checkFeatureList(body: unknown, what: string): UnleashProjectFeatures {
  const shape = new ReplyShape('Unleash', what);
  const reply = shape.record(body, 'the reply');
  checkListItems(shape, reply.features);
  return reply as unknown as UnleashProjectFeatures;
}

export function checkSearch(body: unknown, what: string): UnleashSearchResult {
  const shape = new ReplyShape('Unleash', what);
  const reply = shape.record(body, 'the reply');
  checkListItems(shape, reply.features);
  shape.optional(reply.total, 'number', 'total');
  return reply as unknown as UnleashSearchResult;
}

function checkListItems(shape: ReplyShape, value: unknown): void {
  for (const [i, item] of shape.records(value, 'features').entries()) {
    const where = `features[${i}]`;
    shape.key(item.name, where);
    checkCommonFeatureFields(shape, item, where);
    shape.optional(item.archivedAt, 'string', `${where}.archivedAt`);
    shape.optionalArray(item.tags, `${where}.tags`);
    for (const [t, tag] of ((item.tags ?? []) as unknown[]).entries()) {
      const record = shape.record(tag, `${where}.tags[${t}]`);
      shape.optional(record.type, 'string', `${where}.tags[${t}].type`);
      shape.optional(record.value, 'string', `${where}.tags[${t}].value`);
    }
  }
}

export function checkFeatureDetail(body: unknown, what: string): UnleashFeatureDetail {
  const shape = new ReplyShape('Unleash', what);
  const detail = shape.record(body, 'the reply');
  shape.optional(detail.name, 'string', 'name');
  checkCommonFeatureFields(shape, detail, 'the flag');
  shape.optional(detail.archived, 'boolean', 'archived');
  checkVariants(shape, detail.variants, 'variants');
  for (const [i, environment] of ((detail.environments ?? []) as Record<string, unknown>[]).entries()) {
    if (environment.strategies === undefined || environment.strategies === null) continue;
    for (const [s, strategy] of shape.records(environment.strategies, `environments[${i}].strategies`).entries()) {
      const where = `environments[${i}].strategies[${s}]`;
      shape.key(strategy.name, where);
      shape.optional(strategy.title, 'string', `${where}.title`);
      shape.optional(strategy.disabled, 'boolean', `${where}.disabled`);
      shape.optionalRecord(strategy.parameters, `${where}.parameters`);
      if (strategy.constraints !== undefined && strategy.constraints !== null) {
        for (const [c, constraint] of shape.records(strategy.constraints, `${where}.constraints`).entries()) {
          shape.optional(constraint.contextName, 'string', `${where}.constraints[${c}].contextName`);
          shape.optional(constraint.operator, 'string', `${where}.constraints[${c}].operator`);
          shape.optionalArray(constraint.values, `${where}.constraints[${c}].values`);
        }
      }
      shape.optionalArray(strategy.segments, `${where}.segments`);
      if (((strategy.segments ?? []) as unknown[]).some((id) => typeof id !== 'number')) throw shape.error(`${where}.segments holds a non-number`);
      checkVariants(shape, strategy.variants, `${where}.variants`);
    }
  }
  return detail as unknown as UnleashFeatureDetail;
}

/** What the list and the detail endpoints share: flat fields and per-environment state. */
function checkCommonFeatureFields(shape: ReplyShape, feature: Record<string, unknown>, where: string): void {
  for (const field of ['description', 'type', 'createdAt', 'lastSeenAt'] as const) shape.optional(feature[field], 'string', `${where}.${field}`);
  shape.optional(feature.stale, 'boolean', `${where}.stale`);
  if (feature.environments === undefined || feature.environments === null) return;
  for (const [i, environment] of shape.records(feature.environments, `${where}.environments`).entries()) {
    const at = `${where}.environments[${i}]`;
    shape.key(environment.name, at);
    shape.optional(environment.enabled, 'boolean', `${at}.enabled`);
    shape.optional(environment.type, 'string', `${at}.type`);
    shape.optional(environment.lastSeenAt, 'string', `${at}.lastSeenAt`);
    shape.optional(environment.yes, 'number', `${at}.yes`);
    shape.optional(environment.no, 'number', `${at}.no`);
  }
}

function checkVariants(shape: ReplyShape, value: unknown, where: string): void {
  if (value === undefined || value === null) return;
  for (const [i, variant] of shape.records(value, where).entries()) {
    shape.key(variant.name, `${where}[${i}]`);
    shape.optionalRecord(variant.payload, `${where}[${i}].payload`);
  }
}

export function checkSegments(body: unknown, what: string): UnleashSegments {
  const shape = new ReplyShape('Unleash', what);
  const reply = shape.record(body, 'the reply');
  for (const [i, segment] of shape.records(reply.segments, 'segments').entries()) {
    if (typeof segment.id !== 'number') throw shape.error(`segments[${i}] has no id`);
    shape.optional(segment.name, 'string', `segments[${i}].name`);
  }
  return reply as unknown as UnleashSegments;
}

export function checkEvents(body: unknown, what: string): UnleashEventSearch {
  const shape = new ReplyShape('Unleash', what);
  const reply = shape.record(body, 'the reply');
  for (const [i, event] of shape.records(reply.events, 'events').entries()) {
    shape.optional(event.createdAt, 'string', `events[${i}].createdAt`);
    shape.optional(event.featureName, 'string', `events[${i}].featureName`);
    shape.optional(event.environment, 'string', `events[${i}].environment`);
  }
  shape.optional(reply.total, 'number', 'total');
  return reply as unknown as UnleashEventSearch;
}
