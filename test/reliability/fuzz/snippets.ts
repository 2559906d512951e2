import type { Rng } from './prng';

/** Hand-written seeds: one small program per SDK pattern the index recognizes. */
export const sdkSnippets: Record<string, string> = {
  'ld-node.ts': `import { init } from '@launchdarkly/node-server-sdk';
const ldClient = init('sdk-key');
const ctx = { kind: 'user', key: 'u1' };
export const FLAGS = { checkout: 'new-checkout', search: \`search-v2\` } as const;
enum Keys { Dark = 'dark-mode', Beta = 'beta-banner' }
export async function run(flag: string) {
  await ldClient.variation('new-checkout', ctx, false);
  await ldClient.boolVariation(FLAGS.checkout, ctx, true);
  await ldClient.stringVariation(Keys.Dark, ctx, 'x');
  await ldClient.variationDetail(\`dyn-\${flag}\`, ctx, 1);
  if (await ldClient.variation(FLAGS['search'], ctx, false)) { return 1; } else { return 2; }
}
`,
  'ld-react.tsx': `import { useFlags, useLDClient, withLDConsumer } from 'launchdarkly-react-client-sdk';
export function Page() {
  const { newCheckout, darkMode: dark, 'plain-kebab': kebab } = useFlags();
  const flags = useFlags();
  const client = useLDClient();
  const v = client?.variation('client-flag', false);
  return <div title={String(v)}>{newCheckout && dark && kebab ? <b>{flags.betaBanner}</b> : flags['checkout-v2']}</div>;
}
export const Wrapped = withLDConsumer()(({ flags }: { flags: Record<string, boolean> }) => <i>{String(flags.wrappedFlag)}</i>);
`,
  'openfeature.ts': `import { OpenFeature } from '@openfeature/server-sdk';
export const client = OpenFeature.getClient('app');
export async function go() {
  const a = await client.getBooleanValue('of-bool', false);
  const b = await client.getStringDetails('of-string', 'a');
  return OpenFeature.getClient().getNumberValue('of-number', a ? 1 : 2) + b.value.length;
}
`,
  'openfeature-react.tsx': `import { useBooleanFlagValue, useFlag } from '@openfeature/react-sdk';
export function Banner() {
  const on = useBooleanFlagValue('of-react-bool', false);
  const { value } = useFlag('of-react-flag', 'x');
  return on ? <p>{value}</p> : null;
}
`,
  'unleash.ts': `import { initialize, isEnabled } from 'unleash-client';
const unleash = initialize({ url: 'http://127.0.0.1:4242/api', appName: 'a' });
export const check = () => [unleash.isEnabled('un-enabled'), unleash.getVariant('un-variant'), isEnabled('un-global')];
`,
  'growthbook.tsx': `import { GrowthBook } from '@growthbook/growthbook';
import { useFeatureIsOn, useFeatureValue, IfFeatureEnabled } from '@growthbook/growthbook-react';
const gb = new GrowthBook({ clientKey: 'k' });
export const server = () => [gb.isOn('gb-on'), gb.isOff('gb-off'), gb.getFeatureValue('gb-value', 'blue')];
export function C() {
  const on = useFeatureIsOn('gb-react-on');
  const v = useFeatureValue('gb-react-value', 1);
  return <IfFeatureEnabled feature="gb-jsx">{on && v}</IfFeatureEnabled>;
}
`,
  'wrapper.ts': `import { init } from '@launchdarkly/node-server-sdk';
const client = init('k');
export function isOn(key: string): Promise<boolean> { return client.variation(key, {}, false); }
export const useFlag = (key: string, fallback = false) => client.variation(key, {}, fallback);
export class Flags { constructor(private c = client) {} enabled(name: string) { return this.c.variation(name, {}, false); } }
export const uses = [isOn('wrapped-a'), useFlag('wrapped-b'), new Flags().enabled('wrapped-c')];
`,
  'custom.ts': `import { useUiFlag, flagResolver, config } from './flags';
export const a = useUiFlag('ui-flag');
export const b = flagResolver.isEnabled('resolver-flag');
export const c = config.featureToggles.someToggle;
export const d = useOrgFlag('org:thing').enabled;
`,
  'commonjs.js': `const LaunchDarkly = require('launchdarkly-node-server-sdk');
const client = LaunchDarkly.init('k');
module.exports = { run: () => client.variation('cjs-flag', {}, false) };
`,
};

/** Programs that are deep on purpose: long constant chains, enum chains, nested key objects. */
export const deepPrograms: ((rng: Rng, n: number) => string)[] = [
  (_r, n) => {
    const lines = ["import { init } from '@launchdarkly/node-server-sdk';", "const ldClient = init('k');", "const k0 = 'chain-flag';"];
    for (let i = 1; i < n; i++) lines.push(`const k${i} = k${i - 1};`);
    lines.push(`ldClient.variation(k${n - 1}, {}, false);`);
    return lines.join('\n');
  },
  (_r, n) => {
    const members = ["A0 = 'enum-flag'"];
    for (let i = 1; i < n; i++) members.push(`A${i} = A${i - 1}`);
    return `import { init } from '@launchdarkly/node-server-sdk';\nconst c = init('k');\nenum E { ${members.join(', ')} }\nc.variation(E.A${n - 1}, {}, false);\n`;
  },
  (_r, n) =>
    `import { init } from '@launchdarkly/node-server-sdk';\nconst c = init('k');\nconst F = ${'{ a: '.repeat(n)}'nested-flag'${' }'.repeat(n)} as const;\nc.variation(F${'.a'.repeat(n)}, {}, false);\n`,
  (_r, n) => {
    const lines = ["import { init } from '@launchdarkly/node-server-sdk';", "const c = init('k');", "export function w0(key: string) { return c.variation(key, {}, false); }"];
    for (let i = 1; i < n; i++) lines.push(`export function w${i}(key: string) { return w${i - 1}(key); }`);
    lines.push(`w${n - 1}('wrapped-deep');`);
    return lines.join('\n');
  },
  (_r, n) => `import { init } from '@launchdarkly/node-server-sdk';\nconst c = init('k');\nconst K = ${"'a' + ".repeat(n)}'z';\nc.variation(K, {}, false);\n`,
  (_r, n) => `import { init } from '@launchdarkly/node-server-sdk';\nconst c = init('k');\nconst K = ${'`${'.repeat(n)}'t'${'}`'.repeat(n)};\nc.variation(K, {}, false);\n`,
  (_r, n) => `import { useFlags } from 'launchdarkly-react-client-sdk';\nexport const C = () => { const f = useFlags(); return ${'<div>'.repeat(n)}{f.deepFlag}${'</div>'.repeat(n)}; };\n`,
  (_r, n) => {
    // Two files' worth of cyclic re-exports squeezed into one: a module that imports itself.
    return `import { init } from '@launchdarkly/node-server-sdk';\nimport { K${n} } from './self';\nexport const K0 = K${n};\nconst c = init('k');\nc.variation(K0, {}, false);\n`;
  },
];

export const configSeeds: string[] = [
  `{
  // in-house wrappers
  "patterns": [
    { "function": "useUiFlag", "keyArg": 0 },
    { "method": "isEnabled", "receiver": "flagResolver", "keyArg": 0 },
    { "method": "hasFeature", "keyArg": 1 },
    { "property": "config.featureToggles", "transform": "camelToKebab" },
    { "function": "useOrgFlag", "transform": "camelToKebab", "stripPrefix": "org:", "valuePath": "enabled" },
    { "function": "isFlagDisabled", "negate": true, "transform": "camelToSnake" },
  ],
  "exclude": ["**/generated/**", "dist"],
}`,
  `{
  "sources": {
    "flagd": { "paths": ["flags/*.flagd.json"] },
    "launchdarkly": { "project": "default", "environments": ["dev", "production"], "baseUrl": "https://app.launchdarkly.com" },
    "unleash": { "url": "http://127.0.0.1:4242", "project": "default", "environments": ["development"] },
    "pollIntervalSeconds": 30,
    "protectedEnvironments": ["staging"]
  },
  "stale": { "releasedAfterDays": 30, "inactiveAfterDays": 14, "launchedAfterDays": 7, "typeLifetimeDays": { "release": 40, "experiment": 90 } }
}`,
  `{ "patterns": [], "exclude": [] }`,
];

export const flagdSeeds: string[] = [
  `{
  "$schema": "https://flagd.dev/schema/v0/flags.json",
  "metadata": { "flagSetId": "dev", "owner": "team" },
  "flags": {
    "new-checkout": {
      "state": "ENABLED",
      "variants": { "on": true, "off": false },
      "defaultVariant": "off",
      "targeting": { "if": [{ "in": ["@example.com", { "var": "email" }] }, "on", { "fractional": [["on", 25], ["off", 75]] }] },
      "metadata": { "type": "release", "createdAt": "2024-01-01", "description": "New checkout", "tags": "a,b" }
    },
    "color": {
      "state": "ENABLED",
      "variants": { "red": "#f00", "blue": "#00f" },
      "defaultVariant": "red",
      "targeting": { "$ref": "beta" }
    },
    "limits": {
      "state": "DISABLED",
      "variants": { "low": 1, "high": 100 },
      "defaultVariant": "low",
      "targeting": { "if": [{ "sem_ver": [{ "var": "version" }, ">=", "1.2.0"] }, "high", null] }
    },
    "obj": { "state": "ENABLED", "variants": { "a": { "x": [1, 2] }, "b": {} }, "defaultVariant": null }
  },
  "$evaluators": { "beta": { "if": [{ "starts_with": [{ "var": "email" }, "beta"] }, "blue", "red"] } }
}`,
  `{ "flags": { "manifest-flag": { "flagType": "boolean", "defaultValue": true, "description": "d" }, "m2": { "flagType": "integer", "defaultValue": 3 } } }`,
];

/** tsconfig.json / package.json seeds: paths, baseUrl, extends, exports, workspaces. */
export const projectJsonSeeds: string[] = [
  `{ "compilerOptions": { "baseUrl": ".", "paths": { "@flags/*": ["src/flags/*"], "~/*": ["./*"] } }, "extends": "./base.json" }`,
  `{ "name": "app", "main": "src/index.ts", "exports": { ".": "./src/index.ts", "./flags": { "import": "./src/flags.ts" } }, "workspaces": ["packages/*"] }`,
  `{ "extends": ["/dev/zero", "../../../../etc/passwd", "./tsconfig.json"], "compilerOptions": { "paths": { "*": ["*", "src/*"] } } }`,
];

/** Names a cloned repository can give its files (each still a script). */
export const oddFileNames: string[] = [
  'we ird#%20.ts', 'ü/ñ.tsx', 'a\u2028b.ts', `${'x'.repeat(200)}.ts`, '-rf.ts', '.hidden.ts', 'a:b.ts', '[id].tsx', '(group)/page.tsx',
  'a\\b.ts', 'π.mts', 'types.d.ts', 'node_modules.ts', '..ts', 'CON.ts', 'a\u202Eb.tsx', 'index.cjs', 'spaces /x.jsx',
];

/** Evaluation contexts for flagd's evaluator, including wrong types. */
export const evaluationContexts: Record<string, unknown>[] = [
  {},
  { targetingKey: 'user-1', email: 'a@example.com', version: '1.2.3', tier: 'gold' },
  { targetingKey: '', email: 1, version: 'x.y', tier: null },
  { targetingKey: 'beta-user', email: 'beta@x.io', version: '99999999999999999999.0.0', nested: { a: [1, { b: '\u2028' }] } },
];
