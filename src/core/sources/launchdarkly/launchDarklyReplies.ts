import type { Environment, FeatureFlag, FlagStatusRep } from 'launchdarkly-api-typescript';
import type { ReplyShape } from '../replyShape';

/** Checks one list item and hands it back typed; throws the shape's `parse` error otherwise. */
export type ItemCheck<Item> = (shape: ReplyShape, item: unknown, where: string) => Item;

export interface CheckedPage<Item> {
  items: Item[];
  next: string | undefined;
}

/** A LaunchDarkly list page: `items` is a list (an empty page still has one), `_links.next.href` a string when present. */
export function checkPage<Item>(shape: ReplyShape, body: unknown, check: ItemCheck<Item>): CheckedPage<Item> {
  const page = shape.record(body, 'the reply');
  const items = shape.array(page.items, 'items').map((item, i) => check(shape, item, `items[${i}]`));
  shape.optionalRecord(page._links, '_links');
  const links = (page._links ?? {}) as Record<string, unknown>;
  shape.optionalRecord(links.next, '_links.next');
  const next = (links.next as Record<string, unknown> | undefined | null)?.href;
  shape.optional(next, 'string', '_links.next.href');
  return { items, next: typeof next === 'string' && next !== '' ? next : undefined };
}

export const checkEnvironment: ItemCheck<Environment> = (shape, item, where) => {
  const environment = shape.record(item, where);
  shape.key(environment.key, where);
  shape.optional(environment.name, 'string', `${where}.name`);
  for (const field of ['critical', 'confirmChanges', 'requireComments'] as const) shape.optional(environment[field], 'boolean', `${where}.${field}`);
  shape.optionalRecord(environment.approvalSettings, `${where}.approvalSettings`);
  shape.optionalRecord(environment.resourceApprovalSettings, `${where}.resourceApprovalSettings`);
  return environment as unknown as Environment;
};

export const checkFlag: ItemCheck<FeatureFlag> = (shape, item, where) => {
  const flag = shape.record(item, where);
  shape.key(flag.key, where);
  for (const field of ['name', 'description', 'kind', '_purpose'] as const) shape.optional(flag[field], 'string', `${where}.${field}`);
  for (const field of ['temporary', 'archived', 'deprecated'] as const) shape.optional(flag[field], 'boolean', `${where}.${field}`);
  for (const field of ['creationDate', 'archivedDate'] as const) shape.optional(flag[field], 'number', `${where}.${field}`);
  if (flag.variations !== undefined && flag.variations !== null) shape.records(flag.variations, `${where}.variations`);
  shape.optionalArray(flag.tags, `${where}.tags`);
  if (Array.isArray(flag.tags) && flag.tags.some((tag) => typeof tag !== 'string')) throw shape.error(`${where}.tags holds a non-string`);
  shape.optionalRecord(flag._maintainer, `${where}._maintainer`);
  shape.optionalRecord(flag._maintainerTeam, `${where}._maintainerTeam`);
  shape.optionalRecord(flag.environments, `${where}.environments`);
  for (const [key, config] of Object.entries((flag.environments ?? {}) as Record<string, unknown>)) checkFlagConfig(shape, config, `${where}.environments.${key}`);
  return flag as unknown as FeatureFlag;
};

function checkFlagConfig(shape: ReplyShape, value: unknown, where: string): void {
  const config = shape.record(value, where);
  shape.optional(config.on, 'boolean', `${where}.on`);
  shape.optional(config.offVariation, 'number', `${where}.offVariation`);
  shape.optional(config.lastModified, 'number', `${where}.lastModified`);
  shape.optionalRecord(config.fallthrough, `${where}.fallthrough`);
  shape.optionalRecord(config._site, `${where}._site`);
  shape.optional((config._site as Record<string, unknown> | undefined)?.href, 'string', `${where}._site.href`);
  for (const list of ['prerequisites', 'targets', 'contextTargets', 'rules'] as const) {
    if (config[list] !== undefined && config[list] !== null) shape.records(config[list], `${where}.${list}`);
  }
  for (const [i, target] of ((config.targets ?? []) as Record<string, unknown>[]).concat((config.contextTargets ?? []) as Record<string, unknown>[]).entries()) {
    shape.optionalArray(target.values, `${where} target ${i} values`);
  }
  for (const [i, rule] of ((config.rules ?? []) as Record<string, unknown>[]).entries()) {
    if (rule.clauses !== undefined && rule.clauses !== null) shape.records(rule.clauses, `${where}.rules[${i}].clauses`);
  }
}

export const checkStatus: ItemCheck<FlagStatusRep> = (shape, item, where) => {
  const status = shape.record(item, where);
  shape.optional(status.name, 'string', `${where}.name`);
  shape.optionalRecord(status._links, `${where}._links`);
  const parent = (status._links as Record<string, unknown> | undefined)?.parent;
  shape.optionalRecord(parent, `${where}._links.parent`);
  shape.optional((parent as Record<string, unknown> | undefined)?.href, 'string', `${where}._links.parent.href`);
  return status as unknown as FlagStatusRep;
};
