import type { Random } from './random';

/** Domain words for modules, types and members of the filler code. */
export const nouns = [
  'order', 'invoice', 'customer', 'account', 'payment', 'shipment', 'product', 'catalog', 'cart', 'session',
  'profile', 'address', 'coupon', 'review', 'inventory', 'warehouse', 'report', 'metric', 'ticket', 'message',
  'channel', 'team', 'project', 'task', 'comment', 'document', 'upload', 'schedule', 'booking', 'route',
  'vehicle', 'driver', 'tenant', 'policy', 'role', 'permission', 'audit', 'webhook', 'token', 'quota',
  'plan', 'subscription', 'refund', 'ledger', 'budget', 'forecast', 'dashboard', 'widget', 'filter', 'query',
] as const;

export const verbs = [
  'load', 'save', 'build', 'parse', 'format', 'validate', 'merge', 'compute', 'resolve', 'sync',
  'fetch', 'update', 'archive', 'render', 'normalize', 'group', 'sort', 'apply', 'prepare', 'collect',
] as const;

export const adjectives = [
  'pending', 'active', 'archived', 'primary', 'default', 'cached', 'remote', 'local', 'partial', 'draft',
  'visible', 'locked', 'shared', 'recent', 'total', 'current', 'next', 'previous', 'raw', 'final',
] as const;

/** Words flag keys are made of: letters only, so camelCase ↔ kebab-case round-trips exactly. */
export const flagFirstWords = [
  'new', 'beta', 'fast', 'smart', 'quick', 'modern', 'unified', 'instant', 'guided', 'bulk',
  'express', 'dynamic', 'improved', 'simple', 'secure', 'live', 'async', 'rich', 'compact', 'adaptive',
] as const;

export const flagSecondWords = [
  'checkout', 'search', 'onboarding', 'pricing', 'navigation', 'editor', 'billing', 'export', 'import', 'sharing',
  'dashboard', 'reports', 'payments', 'notifications', 'uploads', 'comments', 'filters', 'sidebar', 'profile', 'signup',
] as const;

export function pascal(...words: string[]): string {
  return words.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');
}

export function camel(...words: string[]): string {
  const p = pascal(...words);
  return p.charAt(0).toLowerCase() + p.slice(1);
}

export function constantCase(...words: string[]): string {
  return words.map((w) => w.toUpperCase()).join('_');
}

export function kebab(...words: string[]): string {
  return words.join('-');
}

/** A realistic local identifier, e.g. `pendingOrder`. */
export function localName(random: Random): string {
  return camel(random.pick(adjectives), random.pick(nouns));
}
