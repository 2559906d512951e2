import type { EvaluationKind, SdkName } from './model';

export type SdkFamily = Exclude<SdkName, 'custom' | 'text'>;

/** Which SDK a module specifier belongs to, and whether it is a server-side SDK (changes argument order). */
export interface SdkModule {
  sdk: SdkFamily;
  specifier: string;
  server: boolean;
  react: boolean;
}

const moduleRules: readonly { test: RegExp; sdk: SdkFamily }[] = [
  { test: /^(launchdarkly-[\w-]+|@launchdarkly\/[\w-]+)(\/|$)/, sdk: 'launchdarkly' },
  { test: /^@openfeature\/[\w-]+(\/|$)/, sdk: 'openfeature' },
  { test: /^(unleash-client|unleash-proxy-client|@unleash\/[\w-]+)(\/|$)/, sdk: 'unleash' },
  { test: /^@growthbook\/[\w-]+(\/|$)/, sdk: 'growthbook' },
];

/** Substrings the prefilter looks for: every SDK specifier contains one of them. */
export const sdkSpecifierHints: readonly string[] = ['launchdarkly', '@openfeature/', 'unleash', '@growthbook/'];

export function sdkModuleOf(specifier: string): SdkModule | undefined {
  for (const rule of moduleRules) {
    if (rule.test.test(specifier)) {
      const server = /server|node-sdk|nestjs|cloudflare|vercel|akamai|fastly|edge/.test(specifier) || specifier === 'unleash-client';
      const react = /react/.test(specifier);
      return { sdk: rule.sdk, specifier, server, react };
    }
  }
  return undefined;
}

/** How one evaluating call reads its arguments. */
export interface CallShape {
  pattern: string;
  kind: EvaluationKind;
  keyArg: number;
  defaultArg?: number;
  /** `isOff`: the call is true when the flag is off. */
  negate?: boolean;
}

function shape(pattern: string, kind: EvaluationKind, defaultArg?: number, negate?: boolean): CallShape {
  return { pattern, kind, keyArg: 0, ...(defaultArg === undefined ? {} : { defaultArg }), ...(negate ? { negate } : {}) };
}

const ldKinds: Record<string, EvaluationKind> = { variation: 'unknown', boolVariation: 'boolean', stringVariation: 'string', numberVariation: 'number', jsonVariation: 'object' };

/** Methods on an SDK client that evaluate a flag. */
export function clientMethodShape(module: SdkModule, method: string): CallShape | undefined {
  switch (module.sdk) {
    case 'launchdarkly': {
      const detail = method.endsWith('Detail');
      const base = detail ? method.slice(0, -'Detail'.length) : method;
      // Own keys only: `toString` and `hasOwnProperty` are no variations.
      // Server SDKs (v9+): the migration stage, read as a detail (`{ value, tracker }`).
      if (method === 'migrationVariation' && module.server) return shape('launchdarkly.migrationVariation', 'detail', 2);
      const kind = Object.hasOwn(ldKinds, base) ? ldKinds[base] : undefined;
      if (kind === undefined) return undefined;
      // Server SDKs take (key, context, default); client SDKs (key, default).
      return shape(`launchdarkly.${method}`, detail ? 'detail' : kind, module.server ? 2 : 1);
    }
    case 'openfeature': {
      const match = /^get(Boolean|String|Number|Object)(Value|Details)$/.exec(method);
      if (!match) return undefined;
      const kind = match[2] === 'Details' ? 'detail' : (match[1]!.toLowerCase() as EvaluationKind);
      return shape(`openfeature.${method}`, kind, 1);
    }
    case 'unleash':
      if (method === 'isEnabled') return shape('unleash.isEnabled', 'boolean', module.server ? 2 : undefined);
      if (method === 'getVariant') return shape('unleash.getVariant', 'variant', module.server ? 2 : undefined);
      if (method === 'getFeatureToggleDefinition') return shape('unleash.getFeatureToggleDefinition', 'object');
      return undefined;
    case 'growthbook':
      if (method === 'isOn') return shape('growthbook.isOn', 'boolean');
      if (method === 'isOff') return shape('growthbook.isOff', 'boolean', undefined, true);
      if (method === 'getFeatureValue') return shape('growthbook.getFeatureValue', 'unknown', 1);
      if (method === 'evalFeature' || method === 'feature') return shape(`growthbook.${method}`, 'detail');
      return undefined;
  }
}

/** SDK exports that evaluate a flag when called directly (hooks, module-level helpers). */
export function exportCallShape(module: SdkModule, name: string): CallShape | undefined {
  switch (module.sdk) {
    case 'openfeature': {
      if (name === 'useFlag' || name === 'useSuspenseFlag') return shape(`openfeature.react.${name}`, 'detail', 1);
      const match = /^use(Boolean|String|Number|Object)Flag(Value|Details)$/.exec(name);
      if (!match) return undefined;
      const kind = match[2] === 'Details' ? 'detail' : (match[1]!.toLowerCase() as EvaluationKind);
      return shape(`openfeature.react.${name}`, kind, 1);
    }
    case 'unleash':
      if (name === 'useFlag') return shape('unleash.react.useFlag', 'boolean');
      if (name === 'useVariant') return shape('unleash.react.useVariant', 'variant');
      // unleash-client exposes a global client after initialize().
      if (name === 'isEnabled') return shape('unleash.isEnabled', 'boolean', 2);
      if (name === 'getVariant') return shape('unleash.getVariant', 'variant', 2);
      if (name === 'getFeatureToggleDefinition') return shape('unleash.getFeatureToggleDefinition', 'object');
      return undefined;
    case 'growthbook':
      if (name === 'useFeatureIsOn') return shape('growthbook.react.useFeatureIsOn', 'boolean');
      if (name === 'useFeatureValue') return shape('growthbook.react.useFeatureValue', 'unknown', 1);
      if (name === 'useFeature') return shape('growthbook.react.useFeature', 'detail');
      return undefined;
    case 'launchdarkly':
      return undefined;
  }
}

/** SDK JSX components that evaluate the flag named by their `feature` attribute. */
export function jsxShape(module: SdkModule, tag: string): (CallShape & { defaultAttribute?: string }) | undefined {
  if (module.sdk !== 'growthbook') return undefined;
  if (tag === 'IfFeatureEnabled') return shape('growthbook.react.IfFeatureEnabled', 'boolean');
  if (tag === 'FeatureString') return { ...shape('growthbook.react.FeatureString', 'string'), defaultAttribute: 'default' };
  return undefined;
}

/** What calling or constructing an SDK export yields. */
export type SdkProduct = 'client' | 'flags' | 'api';

const clientFactories: Record<SdkFamily, ReadonlySet<string>> = {
  launchdarkly: new Set(['init', 'initialize', 'createClient', 'useLDClient', 'LDClient']),
  openfeature: new Set(['useOpenFeatureClient']),
  unleash: new Set(['initialize', 'startUnleash', 'Unleash', 'UnleashClient', 'useUnleashClient', 'getInstance']),
  growthbook: new Set(['GrowthBook', 'GrowthBookClient', 'useGrowthBook', 'useGrowthBookSSR']),
};

/** Call or `new` of an SDK export. */
export function exportProduct(module: SdkModule, name: string): SdkProduct | undefined {
  if (clientFactories[module.sdk].has(name)) return 'client';
  if (module.sdk === 'launchdarkly' && name === 'useFlags') return 'flags';
  return undefined;
}

/** SDK exports that are API objects rather than functions (`OpenFeature.getClient()`). */
export function exportIsApi(module: SdkModule, name: string): boolean {
  return module.sdk === 'openfeature' && (name === 'OpenFeature' || name === 'OpenFeatureAPI');
}

/** Method call on an SDK API object or client that yields another SDK object. */
export function methodProduct(module: SdkModule, receiver: 'client' | 'api', method: string): SdkProduct | undefined {
  if (receiver === 'api') return method === 'getClient' ? 'client' : method === 'getInstance' ? 'api' : undefined;
  if (module.sdk === 'launchdarkly' && (method === 'waitForInitialization' || method === 'waitUntilReady')) return 'client';
  if (module.sdk === 'launchdarkly' && method === 'allFlags') return 'flags';
  return undefined;
}

/** Type names that mark a parameter or field as an SDK client (`constructor(private ld: LDClient)`). */
export function typeIsClient(module: SdkModule, typeName: string): boolean {
  switch (module.sdk) {
    case 'launchdarkly':
      return /^LDClient/.test(typeName);
    case 'openfeature':
      return typeName === 'Client' || typeName === 'OpenFeatureClient';
    case 'unleash':
      return typeName === 'Unleash' || typeName === 'UnleashClient';
    case 'growthbook':
      // GrowthBookClient.createScopedInstance() gives a UserScopedGrowthBook.
      return typeName === 'GrowthBook' || typeName === 'GrowthBookClient' || typeName === 'UserScopedGrowthBook' || typeName === 'ScopedGrowthBook';
  }
}

/**
 * The client type names `typeIsClient` accepts, as an SDK exports them, for a module re-exporting a
 * whole SDK: files importing one of these names from it are analyzed. Not OpenFeature's `Client`,
 * which every file importing a database or HTTP client would match.
 */
export function clientTypeNames(module: SdkModule): readonly string[] {
  switch (module.sdk) {
    case 'launchdarkly':
      return ['LDClient', 'LDClientBase'];
    case 'openfeature':
      return ['OpenFeatureClient'];
    case 'unleash':
      return ['Unleash', 'UnleashClient'];
    case 'growthbook':
      return ['GrowthBook', 'GrowthBookClient', 'UserScopedGrowthBook', 'ScopedGrowthBook'];
  }
}

/** One module of each SDK family: method names do not depend on which package of a family it is. */
const everySdk: readonly SdkModule[] = (['launchdarkly', 'openfeature', 'unleash', 'growthbook'] as const).map((sdk) => ({ sdk, specifier: sdk, server: false, react: false }));

const clientMethodNames = new Map<string, boolean>();

/**
 * Whether some SDK's client has a method of this name that evaluates a flag or yields another SDK
 * object (`variation`, `getFeatureValue`, `allFlags`): only calls of these names are worth typing a
 * receiver for.
 */
export function isClientMethodName(method: string): boolean {
  let known = clientMethodNames.get(method);
  if (known === undefined) {
    known = everySdk.some((m) => clientMethodShape(m, method) !== undefined || methodProduct(m, 'client', method) !== undefined);
    if (clientMethodNames.size < 10000) clientMethodNames.set(method, known);
  }
  return known;
}

/** LaunchDarkly React HOCs whose wrapped component receives `flags` and `ldClient` props. */
export function isLdConsumerHoc(module: SdkModule, name: string): boolean {
  return module.sdk === 'launchdarkly' && (name === 'withLDConsumer' || name === 'ldConsumer');
}
