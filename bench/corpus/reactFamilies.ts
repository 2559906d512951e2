import { camelSite, expressionSite, keyExpression, type FlagSectionContext, type KeyExpression } from './keyExpressions';
import { adjectives, nouns, pascal } from './names';
import type { ReferenceSite, SourceWriter } from './sourceWriter';

function componentName(context: FlagSectionContext): string {
  let name = pascal(context.random.pick(adjectives), context.random.pick(nouns), 'Features');
  while (context.declared.has(name)) name += 'Next';
  context.declared.add(name);
  return name;
}

/** Ends a component by rendering the values it read, so the hooks results are used like real code. */
function renderValues(w: SourceWriter, values: readonly string[]): void {
  w.open('return (');
  w.open(`<div className="feature-state">`);
  for (const value of values) w.line(`<span data-flag="${value}">{String(${value})}</span>`);
  w.close('</div>');
  w.close(');');
}

/** Hook calls with a key argument: `const v = useX(KEY, fallback);`. */
function hookLines(w: SourceWriter, context: FlagSectionContext, count: number, values: string[], choose: () => { hook: string; fallback: string; destructure?: boolean; pattern: string }): void {
  for (let i = 0; i < count; i++) {
    const key = keyExpression(context);
    const { hook, fallback, destructure, pattern } = choose();
    const name = `value${values.length}`;
    values.push(name);
    const left = destructure ? `{ value: ${name} }` : name;
    w.reference(`const ${left} = ${hook}(${key.text}${fallback ? `, ${fallback}` : ''});`, expressionSite(key, pattern, true));
  }
}

/** LaunchDarkly React SDK: `useFlags()` read by destructuring (with renames and defaults) and by property, plus `useLDClient()`. */
export function launchDarklyReact(w: SourceWriter, context: FlagSectionContext, count: number): void {
  const { random, imports } = context;
  const sdk = 'launchdarkly-react-client-sdk';
  const useFlags = imports.named(sdk, 'useFlags', random.chance(0.2) ? 'useLaunchDarklyFlags' : undefined);
  w.open(`export function ${componentName(context)}() {`);
  const values: string[] = [];
  let remaining = count;
  const destructured = Math.min(remaining, random.int(1, 3));
  const flags = Array.from({ length: destructured }, () => context.queue.next());
  remaining -= destructured;
  if (random.chance(0.5)) {
    w.referenceMany(`const { ${flags.map((f) => f.camel).join(', ')} } = ${useFlags}();`, flags.map((f) => camelSite(f, 'launchdarkly.useFlags.destructure', false)));
    values.push(...flags.map((f) => f.camel));
  } else {
    w.open('const {');
    for (const flag of flags) {
      if (random.chance(0.5)) {
        const local = `${flag.camel}Enabled`;
        w.reference(`${flag.camel}: ${local},`, camelSite(flag, 'launchdarkly.useFlags.destructureRename', false));
        values.push(local);
      } else {
        w.reference(`${flag.camel} = false,`, camelSite(flag, 'launchdarkly.useFlags.destructureDefault', false));
        values.push(flag.camel);
      }
    }
    w.close(`} = ${useFlags}();`);
  }
  if (remaining > 0) {
    w.line(`const flags = ${useFlags}();`);
    const reads = Math.min(remaining, random.int(1, 2));
    for (let i = 0; i < reads; i++) {
      const flag = context.queue.next();
      const name = `read${values.length}`;
      values.push(name);
      w.reference(`const ${name} = flags.${flag.camel};`, camelSite(flag, 'launchdarkly.useFlags.property', true));
    }
    remaining -= reads;
  }
  if (remaining > 0) {
    const useLDClient = imports.named(sdk, 'useLDClient');
    w.line(`const ldClient = ${useLDClient}();`);
    for (let i = 0; i < remaining; i++) {
      const key = keyExpression(context);
      const name = `client${values.length}`;
      values.push(name);
      w.reference(`const ${name} = ldClient?.variation(${key.text}, false);`, expressionSite(key, 'launchdarkly.useLDClient.variation', true));
    }
  }
  renderValues(w, values);
  w.close();
  if (random.chance(0.25)) {
    // A component wrapped by withLDConsumer() reads flags from its props.
    const flag = context.queue.next();
    const inner = componentName(context);
    const withLDConsumer = imports.named(sdk, 'withLDConsumer');
    const props = imports.named(sdk, 'LDProps');
    w.line('');
    w.open(`function ${inner}Inner({ flags }: ${props}) {`);
    w.reference(`return flags?.${flag.camel} ? <p className="consumer">on</p> : null;`, camelSite(flag, 'launchdarkly.withLDConsumer.property', false));
    w.close();
    w.line(`export const ${inner} = ${withLDConsumer}()(${inner}Inner);`);
  }
  if (random.chance(0.3)) {
    // A parameter that shadows the SDK hook: reading it is not a flag reference.
    w.line('');
    let name = 'previewFlags';
    while (context.declared.has(name)) name += 'Next';
    context.declared.add(name);
    w.open(`export function ${name}(useFlags: () => Record<string, boolean>): boolean {`);
    w.line(`const { ${context.queue.next().camel}: preview } = useFlags();`);
    w.line('return preview;');
    w.close();
  }
}

/** OpenFeature React SDK hooks. */
export function openFeatureReact(w: SourceWriter, context: FlagSectionContext, count: number): void {
  const { random, imports } = context;
  const sdk = '@openfeature/react-sdk';
  const hooks = [
    { hook: 'useBooleanFlagValue', fallback: 'false' },
    { hook: 'useStringFlagValue', fallback: "'control'" },
    { hook: 'useNumberFlagValue', fallback: '20' },
    { hook: 'useObjectFlagDetails', fallback: '{}' },
    { hook: 'useFlag', fallback: "'grid'", destructure: true },
    { hook: 'useSuspenseFlag', fallback: 'false', destructure: true },
  ];
  w.open(`export function ${componentName(context)}() {`);
  const values: string[] = [];
  hookLines(w, context, count, values, () => {
    const choice = random.pick(hooks);
    return { ...choice, hook: imports.named(sdk, choice.hook), pattern: `openfeature.react.${choice.hook}` };
  });
  renderValues(w, values);
  w.close();
}

/** Unleash React SDK hooks. */
export function unleashReact(w: SourceWriter, context: FlagSectionContext, count: number): void {
  const { random, imports } = context;
  const sdk = '@unleash/proxy-client-react';
  w.open(`export function ${componentName(context)}() {`);
  const values: string[] = [];
  hookLines(w, context, count, values, () => {
    const hook = random.chance(0.7) ? 'useFlag' : 'useVariant';
    return { hook: imports.named(sdk, hook, hook === 'useFlag' ? 'useUnleashFlag' : undefined), fallback: '', pattern: `unleash.react.${hook}` };
  });
  renderValues(w, values);
  w.close();
}

function jsxAttribute(key: KeyExpression): string {
  return key.via === 'literal' ? key.text.replace(/'/g, '"') : `{${key.text}}`;
}

function jsxSite(key: KeyExpression, pattern: string): ReferenceSite {
  const literal = key.via === 'literal';
  return { ...expressionSite(key, pattern, false), keyText: literal ? key.text.replace(/'/g, '"') : key.text, keyForm: literal ? 'jsxString' : 'expression' };
}

/** GrowthBook React SDK: hooks plus `<IfFeatureEnabled>` / `<FeatureString>` elements. */
export function growthBookReact(w: SourceWriter, context: FlagSectionContext, count: number): void {
  const { random, imports } = context;
  const sdk = '@growthbook/growthbook-react';
  const hooks = [
    { hook: 'useFeatureIsOn', fallback: '' },
    { hook: 'useFeatureValue', fallback: "'blue'" },
    { hook: 'useFeature', fallback: '' },
  ];
  const elements = Math.min(count - 1, random.int(1, 2));
  w.open(`export function ${componentName(context)}() {`);
  const values: string[] = [];
  hookLines(w, context, count - elements, values, () => {
    const choice = random.pick(hooks);
    return { ...choice, hook: imports.named(sdk, choice.hook), pattern: `growthbook.react.${choice.hook}` };
  });
  w.open('return (');
  w.open('<div className="experiments">');
  for (let i = 0; i < elements; i++) {
    const key = keyExpression(context);
    if (random.chance(0.6)) {
      const tag = imports.named(sdk, 'IfFeatureEnabled');
      w.reference(`<${tag} feature=${jsxAttribute(key)}>`, jsxSite(key, 'growthbook.react.IfFeatureEnabled'));
      w.line(`  <p>{String(${values[0] ?? "'enabled'"})}</p>`);
      w.line(`</${tag}>`);
    } else {
      const tag = imports.named(sdk, 'FeatureString');
      w.reference(`<${tag} feature=${jsxAttribute(key)} default="Welcome" />`, jsxSite(key, 'growthbook.react.FeatureString'));
    }
  }
  for (const value of values) w.line(`<span>{String(${value})}</span>`);
  w.close('</div>');
  w.close(');');
  w.close();
}

/** The package's own hooks: one returns `useFlags()`, one wraps `useBooleanFlagValue(key)`. */
export function reactWrapperCalls(w: SourceWriter, context: FlagSectionContext, count: number): void {
  const { random, imports } = context;
  const module = context.appFlagsModule('hooks');
  w.open(`export function ${componentName(context)}() {`);
  const values: string[] = [];
  let remaining = count;
  if (random.chance(0.5)) {
    const flag = context.queue.next();
    w.reference(`const { ${flag.camel} } = ${imports.named(module, 'useAppFlags')}();`, camelSite(flag, 'wrapper.useAppFlags.destructure', false));
    values.push(flag.camel);
    remaining--;
  }
  hookLines(w, context, remaining, values, () => ({ hook: imports.named(module, 'useFeatureFlag'), fallback: '', pattern: 'wrapper.useFeatureFlag' }));
  renderValues(w, values);
  w.close();
}

/** The in-house hook declared as a custom pattern in `.flaglens.json` (`{"function": "useUiFlag"}`). */
export function customHookCalls(w: SourceWriter, context: FlagSectionContext, count: number): void {
  const hook = context.imports.named(context.appFlagsModule('uiFlags'), 'useUiFlag');
  w.open(`export function ${componentName(context)}() {`);
  const values: string[] = [];
  hookLines(w, context, count, values, () => ({ hook, fallback: '', pattern: 'custom.useUiFlag' }));
  renderValues(w, values);
  w.close();
}
