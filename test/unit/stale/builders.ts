import type { FlagReference, SourceSpan } from '../../../src/core/references/model';
import type { EnvironmentInfo, EnvironmentState, FlagDefinition } from '../../../src/core/sources/model';
import type { StaleDefinitionInput } from '../../../src/core/stale/model';

/** The injected clock every stale test uses. */
export const now = new Date('2026-11-21T12:00:00.000Z');

export function daysAgo(days: number, hours = 0): Date {
  return new Date(now.getTime() - (days * 24 + hours) * 60 * 60 * 1000);
}

export function environment(name: string, overrides: Partial<EnvironmentState> = {}): EnvironmentState {
  return {
    environment: name,
    on: true,
    serving: { type: 'variation', variation: 'on' },
    offVariation: 'off',
    lastModified: daysAgo(60),
    protected: false,
    ...overrides,
  };
}

export function booleanFlag(key: string, overrides: Partial<FlagDefinition> = {}, environments: EnvironmentState[] = []): FlagDefinition {
  return {
    key,
    name: key,
    kind: 'boolean',
    variations: [
      { name: 'on', value: true },
      { name: 'off', value: false },
    ],
    temporary: true,
    tags: [],
    archived: false,
    environments: Object.fromEntries(environments.map((e) => [e.environment, e])),
    ...overrides,
  };
}

export function definition(flag: FlagDefinition, sourceId = 'launchdarkly:shop', environments?: EnvironmentInfo[]): StaleDefinitionInput {
  return {
    sourceId,
    flag,
    environments: environments ?? Object.values(flag.environments).map((e) => ({ key: e.environment, name: e.environment, protected: e.protected })),
  };
}

function span(line: number, character: number, length: number): SourceSpan {
  return { start: line * 100 + character, end: line * 100 + character + length, startLine: line, startCharacter: character, endLine: line, endCharacter: character + length };
}

export function reference(key: string, overrides: Partial<FlagReference> = {}): FlagReference {
  return {
    key,
    file: '/work/project/src/checkout.ts',
    keySpan: span(4, 30, key.length + 2),
    callSpan: span(4, 10, key.length + 30),
    sdk: 'launchdarkly',
    pattern: 'launchdarkly.variation',
    kind: 'boolean',
    confidence: 'ast',
    via: 'literal',
    ...overrides,
  };
}
