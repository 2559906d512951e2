// Minimal but valid LaunchDarkly and Unleash replies on a FaultServer, so each test only scripts
// the one route that misbehaves.
import type { Logger } from '../../../src/core/log';
import { reply, type FaultServer } from '../support/faultServer';

export const ldToken = 'api-0c1d2e3f-4a5b-4c6d-8e9f-0123456789ab';
export const unleashToken = 'shop:development.0123456789abcdef0123456789abcdef';
export const project = 'shop';

export const ldPaths = {
  environments: `/api/v2/projects/${project}/environments`,
  flags: `/api/v2/flags/${project}`,
  statuses: `/api/v2/flag-statuses/${project}/dev`,
};

export const goodLdFlag = {
  key: 'new-checkout',
  name: 'New checkout',
  kind: 'boolean',
  variations: [{ value: true }, { value: false }],
  temporary: true,
  tags: [],
  environments: { dev: { on: true, fallthrough: { variation: 0 }, offVariation: 1, _site: { href: '/shop/dev/features/new-checkout' } } },
};

export function serveLaunchDarkly(server: FaultServer, flags: unknown[] = [goodLdFlag]): FaultServer {
  return server
    .route(ldPaths.environments, reply.json(200, { items: [{ key: 'dev', name: 'Dev' }] }))
    .route(ldPaths.flags, reply.json(200, { items: flags }))
    .route(ldPaths.statuses, reply.json(200, { items: [] }));
}

export const unleashPaths = {
  project: `/api/admin/projects/${project}`,
  environments: '/api/admin/environments',
  features: `/api/admin/projects/${project}/features`,
  feature: `/api/admin/projects/${project}/features/new-checkout`,
  archived: '/api/admin/search/features',
  events: '/api/admin/search/events',
};

export function serveUnleash(server: FaultServer): FaultServer {
  return server
    .route(unleashPaths.project, reply.json(200, { environments: ['development'] }))
    .route(unleashPaths.environments, reply.json(200, { environments: [{ name: 'development', type: 'development' }] }))
    .route(unleashPaths.features, reply.json(200, { features: [{ name: 'new-checkout', type: 'release', environments: [{ name: 'development', enabled: true }] }] }))
    .route(unleashPaths.feature, reply.json(200, { name: 'new-checkout', environments: [{ name: 'development', enabled: true, strategies: [{ name: 'default' }] }] }))
    .route(unleashPaths.archived, reply.json(200, { features: [], total: 0 }))
    .route(unleashPaths.events, reply.json(200, { events: [], total: 0 }));
}

export { rejection } from '../../support/rejection';

/** Rejects when the promise takes longer than `ms`: a hang fails the test instead of stalling it. */
export function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms);
  });
  return Promise.race([promise, limit]).finally(() => clearTimeout(timer));
}

/** A Logger that keeps every line. */
export function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const keep = (message: string | Error, ...args: unknown[]): void => {
    lines.push([message instanceof Error ? message.message : message, ...args.map(String)].join(' '));
  };
  return { lines, trace: keep, debug: keep, info: keep, warn: keep, error: keep };
}
