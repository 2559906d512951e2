import { strict as assert } from 'node:assert';
import { LaunchDarklySource, type LaunchDarklySourceOptions } from '../../../../src/core/sources/launchdarkly/launchDarklySource';
import type { FlagDefinition, FlagSnapshot } from '../../../../src/core/sources/model';
import { ldEnvironment, ldFlag, LaunchDarklyTestServer, type LaunchDarklyServerState } from '../../../support/launchDarklyServer';

export const token = 'api-0c1d2e3f-4a5b-4c6d-8e9f-0123456789ab';

/** A project shaped like a real one: five environments (so two env batches), guarded production. */
export function projectState(): LaunchDarklyServerState {
  return {
    token,
    project: 'web-shop',
    environments: [
      ldEnvironment('development'),
      ldEnvironment('test'),
      ldEnvironment('staging', { confirmChanges: true }),
      ldEnvironment('production', { critical: true, requireComments: true }),
      ldEnvironment('eu-prod-mirror', {
        name: 'EU mirror',
        approvalSettings: {
          required: true,
          bypassApprovalsForPendingChanges: false,
          minNumApprovals: 1,
          canReviewOwnRequest: false,
          canApplyDeclinedChanges: false,
          serviceKind: 'launchdarkly',
          serviceConfig: {},
          requiredApprovalTags: [],
        },
      }),
    ],
    flags: [
      ldFlag(
        'new-checkout',
        {
          development: { on: true, fallthrough: { variation: 0 } },
          test: { on: true, fallthrough: { rollout: { variations: [{ variation: 0, weight: 25000 }, { variation: 1, weight: 75000 }] } } },
          staging: { on: true, fallthrough: { rollout: { variations: [{ variation: 0, weight: 33333 }, { variation: 1, weight: 66667 }] } } },
          production: {
            on: true,
            targets: [{ values: ['alice', 'bob'], variation: 0 }],
            rules: [{ clauses: [{ attribute: 'email', op: 'endsWith', values: ['@example.com'], negate: false }], variation: 0, trackEvents: false }],
            prerequisites: [{ key: 'payments-v2', variation: 0 }],
            fallthrough: { variation: 1 },
            lastModified: Date.UTC(2026, 10, 10, 12),
          },
          'eu-prod-mirror': { on: false },
        },
        { name: 'New checkout', description: 'Checkout rewrite', tags: ['checkout'], _maintainer: { _links: {}, _id: 'm1', firstName: 'Ada', lastName: 'Lovelace', role: 'writer', email: 'ada@example.com' } },
      ),
      ldFlag(
        'button-color',
        {
          development: { on: true, fallthrough: { variation: 2 }, offVariation: 0 },
          test: { on: false, offVariation: 0 },
          staging: { on: false },
          production: { on: false },
          'eu-prod-mirror': { on: false },
        },
        {
          kind: 'multivariate',
          temporary: false,
          variations: [
            { _id: 'a', value: 'gray', name: 'Control' },
            { _id: 'b', value: 'blue' },
            { _id: 'c', value: 'green', description: 'High contrast' },
          ],
        },
      ),
    ],
    statuses: {
      development: { 'new-checkout': { name: 'active', lastRequested: '2026-11-20T10:00:00.000Z' }, 'button-color': { name: 'new' } },
      production: { 'new-checkout': { name: 'launched', lastRequested: '2026-11-21T09:30:00.000Z' } },
    },
  };
}

/** Many flags, so listing needs several pages. */
export function manyFlags(count: number): LaunchDarklyServerState['flags'] {
  return Array.from({ length: count }, (_, i) => ldFlag(`bulk-${String(i).padStart(3, '0')}`, { development: { on: i % 2 === 0 }, test: {}, staging: {}, production: {}, 'eu-prod-mirror': {} }));
}

export async function startServer(state: LaunchDarklyServerState = projectState()): Promise<LaunchDarklyTestServer> {
  return LaunchDarklyTestServer.start(state);
}

const created: LaunchDarklySource[] = [];

export function source(server: LaunchDarklyTestServer, options: Partial<LaunchDarklySourceOptions> = {}): LaunchDarklySource {
  const made = new LaunchDarklySource({
    token,
    project: server.state.project,
    environments: server.state.environments.map((e) => e.key),
    baseUrl: server.url,
    retry: { initialBackoffMs: 20 },
    ...options,
  });
  created.push(made);
  return made;
}

export function disposeSources(): void {
  for (const s of created.splice(0)) s.dispose();
}

export function flag(snapshot: FlagSnapshot, key: string): FlagDefinition {
  const found = snapshot.flags.find((f) => f.key === key);
  assert.ok(found, `flag ${key} missing (has ${snapshot.flags.map((f) => f.key).join(', ')})`);
  return found;
}

export { rejection } from '../../../support/rejection';
