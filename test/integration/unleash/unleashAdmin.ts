import { unleash } from './unleashFixture';

/** Test setup through the real Admin API, so what the source reads is what Unleash stored. */
async function call(method: string, path: string, body?: unknown, token = unleash().adminToken): Promise<unknown> {
  const response = await fetch(`${unleash().url}${path}`, {
    method,
    headers: { Authorization: token, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} → ${response.status}: ${text.slice(0, 300)}`);
  return text ? (JSON.parse(text) as unknown) : undefined;
}

export interface StrategyInput {
  name: string;
  parameters?: Record<string, string>;
  constraints?: { contextName: string; operator: string; values?: string[]; value?: string; inverted?: boolean }[];
  disabled?: boolean;
  title?: string;
}

export const admin = {
  createFlag: (name: string, type: string, description?: string, project = 'default') =>
    call('POST', `/api/admin/projects/${project}/features`, { name, type, ...(description ? { description } : {}) }),
  addStrategy: (name: string, environment: string, strategy: StrategyInput, project = 'default') =>
    call('POST', `/api/admin/projects/${project}/features/${name}/environments/${environment}/strategies`, { constraints: [], parameters: {}, ...strategy }),
  setEnabled: (name: string, environment: string, on: boolean, project = 'default') =>
    call('POST', `/api/admin/projects/${project}/features/${name}/environments/${environment}/${on ? 'on' : 'off'}`),
  archive: (name: string, project = 'default') => call('DELETE', `/api/admin/projects/${project}/features/${name}`),
  markStale: (name: string, project = 'default') => call('POST', `/api/admin/projects/${project}/stale`, { features: [name], stale: true }),
  addTag: (name: string, value: string) => call('POST', `/api/admin/features/${name}/tags`, { type: 'simple', value }),
  createSegment: (name: string, constraints: StrategyInput['constraints']) =>
    call('POST', '/api/admin/segments', { name, constraints }) as Promise<{ id: number }>,
  /** What an SDK reports; Unleash folds it into `lastSeenAt` and yes/no a few seconds later. */
  sendMetrics: (toggles: Record<string, { yes: number; no: number }>) => {
    const now = new Date().toISOString();
    return call('POST', '/api/client/metrics', { appName: 'flaglens-test', instanceId: 'flaglens-test-1', bucket: { start: now, stop: now, toggles } }, unleash().clientToken);
  },
};
