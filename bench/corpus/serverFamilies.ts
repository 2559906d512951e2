import { expressionSite, keyExpression, type FlagSectionContext, type KeyExpression } from './keyExpressions';
import { camel, nouns, pascal, verbs } from './names';
import type { SourceWriter } from './sourceWriter';

/**
 * Writes `count` key references inside one call per line, sometimes spreading the call over
 * several lines so the key sits on a different line than the callee.
 */
function callLines(w: SourceWriter, context: FlagSectionContext, count: number, render: (key: KeyExpression, index: number) => { before: string; args: string[]; close: string; pattern: string }): void {
  for (let i = 0; i < count; i++) {
    const key = keyExpression(context);
    const { before, args, close, pattern } = render(key, i);
    if (context.random.chance(0.2)) {
      w.line(before);
      w.reference(`  ${key.text},`, expressionSite(key, pattern, false));
      for (const arg of args) w.line(`  ${arg},`);
      w.line(close);
    } else {
      w.reference(`${before}${[key.text, ...args].join(', ')}${close}`, expressionSite(key, pattern, true));
    }
  }
}

function functionName(context: FlagSectionContext): string {
  let name = camel(context.random.pick(verbs), context.random.pick(nouns), 'decision');
  while (context.declared.has(name)) name += 'Next';
  context.declared.add(name);
  return name;
}

/** LaunchDarkly server SDK (or the JS client SDK in browser packages), including a dynamic key. */
export function launchDarklyCalls(w: SourceWriter, context: FlagSectionContext, count: number): void {
  const { random, imports } = context;
  let client: string;
  const roll = random.next();
  if (roll < 0.3) {
    client = imports.named(context.appFlagsModule('ldClient'), 'ldClient');
  } else if (context.web) {
    client = 'launchDarkly';
    const initialize = imports.named('launchdarkly-js-client-sdk', 'initialize');
    if (!context.declared.has(client)) context.prelude.push(`const ${client} = ${initialize}('bench-client-side-id', { kind: 'user', key: 'anonymous' });`);
  } else if (roll < 0.51) {
    client = 'ldServer';
    const sdk = imports.namespace('@launchdarkly/node-server-sdk', 'LaunchDarkly');
    if (!context.declared.has(client)) context.prelude.push(`const ${client} = ${sdk}.init(process.env.LD_SDK_KEY ?? '');`);
  } else {
    client = 'launchDarkly';
    const init = imports.named('@launchdarkly/node-server-sdk', 'init');
    if (!context.declared.has(client)) context.prelude.push(`const ${client} = ${init}(process.env.LD_SDK_KEY ?? '');`);
  }
  context.declared.add(client);
  const web = context.web;
  const methods = [['variation', 'false'], ['boolVariation', 'false'], ['stringVariation', "'control'"], ['numberVariation', '10'], ['jsonVariation', '{}'], ['variationDetail', 'false'], ['boolVariationDetail', 'true']] as const;
  w.open(`export async function ${functionName(context)}(userKey: string): Promise<Record<string, unknown>> {`);
  w.line(`const context = { kind: 'user', key: userKey };`);
  w.line('const decisions: Record<string, unknown> = {};');
  callLines(w, context, count, (_key, index) => {
    const [method, fallback] = random.pick(methods);
    const callee = web ? `${client}.${method === 'variationDetail' || method === 'variation' ? method : 'variation'}` : `${client}.${method}`;
    return { before: `decisions.d${index} = ${web ? '' : 'await '}${callee}(`, args: web ? [fallback] : ['context', fallback], close: ');', pattern: `launchdarkly.${callee.split('.')[1]}` };
  });
  if (random.chance(0.35)) w.dynamic(`decisions.experiment = ${web ? '' : 'await '}${client}.variation(\`experiment-\${userKey}\`${web ? '' : ', context'}, false);`);
  w.line('return decisions;');
  w.close();
}

/** OpenFeature server/web client, created here or imported as a module-level client. */
export function openFeatureCalls(w: SourceWriter, context: FlagSectionContext, count: number): void {
  const { random, imports } = context;
  let client: string;
  if (random.chance(0.4)) {
    client = imports.named(context.appFlagsModule('featureClient'), 'featureClient');
  } else {
    client = 'openFeatureClient';
    const openFeature = imports.named(context.web ? '@openfeature/web-sdk' : '@openfeature/server-sdk', 'OpenFeature');
    if (!context.declared.has(client)) context.prelude.push(`const ${client} = ${openFeature}.getClient('${random.pick(nouns)}');`);
    context.declared.add(client);
  }
  const methods = [['getBooleanValue', 'false'], ['getStringValue', "'control'"], ['getNumberValue', '25'], ['getObjectValue', '{}'], ['getBooleanDetails', 'false'], ['getStringDetails', "'v1'"]] as const;
  w.open(`export async function ${functionName(context)}(): Promise<unknown[]> {`);
  w.line('const results: unknown[] = [];');
  callLines(w, context, count, () => {
    const [method, fallback] = random.pick(methods);
    return { before: `results.push(${context.web ? '' : 'await '}${client}.${method}(`, args: [fallback], close: '));', pattern: `openfeature.${method}` };
  });
  w.line('return results;');
  w.close();
}

/** Unleash Node client (or the proxy client in browser packages). */
export function unleashCalls(w: SourceWriter, context: FlagSectionContext, count: number): void {
  const { random, imports } = context;
  let client: string;
  if (random.chance(0.3)) {
    client = imports.named(context.appFlagsModule('unleash'), 'unleash');
  } else if (context.web) {
    client = 'unleashClient';
    const ctor = imports.named('unleash-proxy-client', 'UnleashClient');
    if (!context.declared.has(client)) context.prelude.push(`const ${client} = new ${ctor}({ url: 'https://unleash.example.test/proxy', clientKey: 'bench', appName: 'web' });`);
  } else if (random.chance(0.5)) {
    client = 'unleashClient';
    const ctor = imports.named('unleash-client', 'Unleash');
    if (!context.declared.has(client)) context.prelude.push(`const ${client} = new ${ctor}({ url: 'https://unleash.example.test/api', appName: 'bench' });`);
  } else {
    client = 'unleashClient';
    const initialize = imports.named('unleash-client', 'initialize');
    if (!context.declared.has(client)) context.prelude.push(`const ${client} = ${initialize}({ url: 'https://unleash.example.test/api', appName: 'bench' });`);
  }
  context.declared.add(client);
  w.open(`export function ${functionName(context)}(userId: string): string[] {`);
  w.line('const enabled: string[] = [];');
  for (let i = 0; i < count; i++) {
    const key = keyExpression(context);
    if (random.chance(0.7)) {
      w.openReference(`if (${client}.isEnabled(${key.text}${random.chance(0.5) ? ', { userId }' : ''})) {`, expressionSite(key, 'unleash.isEnabled', false));
      w.line(`enabled.push('${pascal(random.pick(nouns))}');`);
      w.close();
    } else {
      w.reference(`enabled.push(${client}.getVariant(${key.text}, { userId }).name);`, expressionSite(key, 'unleash.getVariant', true));
    }
  }
  w.line('return enabled;');
  w.close();
}

/** GrowthBook JS SDK: a client created here or imported from the package's flags module. */
export function growthBookCalls(w: SourceWriter, context: FlagSectionContext, count: number): void {
  const { random, imports } = context;
  let client: string;
  if (random.chance(0.4)) {
    client = imports.named(context.appFlagsModule('growthbook'), 'growthbook');
  } else {
    client = 'growthBook';
    const ctor = imports.named('@growthbook/growthbook', 'GrowthBook');
    if (!context.declared.has(client)) context.prelude.push(`const ${client} = new ${ctor}({ apiHost: 'https://cdn.growthbook.example.test', clientKey: 'sdk-bench' });`);
    context.declared.add(client);
  }
  const methods = [['isOn', ''], ['isOff', ''], ['getFeatureValue', "'blue'"], ['evalFeature', ''], ['feature', '']] as const;
  w.open(`export function ${functionName(context)}(): unknown[] {`);
  w.line('const values: unknown[] = [];');
  callLines(w, context, count, () => {
    const [method, fallback] = random.pick(methods);
    return { before: `values.push(${client}.${method}(`, args: fallback ? [fallback] : [], close: '));', pattern: `growthbook.${method}` };
  });
  w.line('return values;');
  w.close();
}

/** Calls to the package's own wrappers (`checkFlag` → `isFeatureEnabled` → `growthbook.isOn`). */
export function serverWrapperCalls(w: SourceWriter, context: FlagSectionContext, count: number): void {
  const { random, imports } = context;
  const module = context.appFlagsModule('wrappers');
  w.open(`export async function ${functionName(context)}(): Promise<unknown[]> {`);
  w.line('const outcomes: unknown[] = [];');
  for (let i = 0; i < count; i++) {
    const key = keyExpression(context);
    const wrapper = random.pick(['checkFlag', 'isFeatureEnabled', 'getFlagVariant'] as const);
    const local = imports.named(module, wrapper);
    const call = wrapper === 'getFlagVariant' ? `await ${local}(${key.text}, 'control')` : `${local}(${key.text})`;
    w.reference(`outcomes.push(${call});`, expressionSite(key, `wrapper.${wrapper}`, true));
  }
  w.line('return outcomes;');
  w.close();
}

/** The in-house resolver declared as a custom pattern in `.flaglens.json` (`{"method": "isEnabled", "receiver": "flagResolver"}`). */
export function customResolverCalls(w: SourceWriter, context: FlagSectionContext, count: number): void {
  const resolver = context.imports.named(context.appFlagsModule('uiFlags'), 'flagResolver');
  w.open(`export function ${functionName(context)}(): boolean[] {`);
  w.line('const switches: boolean[] = [];');
  for (let i = 0; i < count; i++) {
    const key = keyExpression(context);
    w.reference(`switches.push(${resolver}.isEnabled(${key.text}));`, expressionSite(key, 'custom.flagResolver.isEnabled', true));
  }
  w.line('return switches;');
  w.close();
}
