import type { BenchFlag } from './flagCatalog';
import { appPackages, sharedPackage, type FillerFilePlan, type PackagePlan } from './layout';

export interface GeneratedFile {
  path: string;
  text: string;
  /** A TS/JS source the index is expected to scan (counts toward `--files`). */
  source: boolean;
}

function json(value: unknown): string {
  return JSON.stringify(value, null, 2) + '\n';
}

/** `@bench/flags`: constants, an `as const` map, a nested map and a string enum, behind a barrel. */
function flagsPackage(flags: readonly BenchFlag[]): GeneratedFile[] {
  const dir = 'packages/flags';
  const groups = new Map<string, BenchFlag[]>();
  for (const flag of flags) groups.set(flag.group, [...(groups.get(flag.group) ?? []), flag]);
  return [
    { path: `${dir}/package.json`, text: json({ name: '@bench/flags', version: '1.0.0', main: 'src/index.ts', types: 'src/index.ts' }), source: false },
    {
      path: `${dir}/src/keys.ts`,
      text: ['/** Flag keys as constants; the single source of truth for every package. */', ...flags.map((f) => `export const ${f.constant} = '${f.key}';`)].join('\n') + '\n',
      source: true,
    },
    {
      path: `${dir}/src/flagMap.ts`,
      text: ['export const FLAGS = {', ...flags.map((f) => `  ${f.constant}: '${f.key}',`), '} as const;', '', 'export type FlagKey = (typeof FLAGS)[keyof typeof FLAGS];'].join('\n') + '\n',
      source: true,
    },
    {
      path: `${dir}/src/flagEnum.ts`,
      text: ['export enum Flag {', ...flags.map((f) => `  ${f.enumMember} = '${f.key}',`), '}'].join('\n') + '\n',
      source: true,
    },
    {
      path: `${dir}/src/flagGroups.ts`,
      text: ['/** Flags grouped by product area. */', 'export const FLAG_GROUPS = {', ...[...groups].flatMap(([group, members]) => [`  ${group}: {`, ...members.map((f) => `    ${f.camel}: '${f.key}',`), '  },']), '} as const;'].join('\n') + '\n',
      source: true,
    },
    {
      path: `${dir}/src/index.ts`,
      text: ["export * from './keys';", "export { FLAGS, type FlagKey } from './flagMap';", "export { Flag } from './flagEnum';", "export * from './flagGroups';"].join('\n') + '\n',
      source: true,
    },
  ];
}

/** `@bench/shared`: the logger every file uses and a barrel re-exporting some shared modules. */
function sharedPackageFiles(sharedPlans: readonly FillerFilePlan[]): GeneratedFile[] {
  const dir = `packages/${sharedPackage.dir}`;
  const barrel = sharedPlans.slice(0, 25).map((plan) => {
    const from = './' + plan.path.slice(`${dir}/src/`.length).replace(/\.tsx?$/, '');
    return `export { ${plan.exports.map((e) => (e.kind === 'interface' || e.kind === 'type' ? `type ${e.name}` : e.name)).join(', ')} } from '${from}';`;
  });
  return [
    { path: `${dir}/package.json`, text: json({ name: sharedPackage.name, version: '1.0.0', main: 'src/index.ts', types: 'src/index.ts' }), source: false },
    {
      path: `${dir}/src/logging/logger.ts`,
      text: [
        'export interface Logger {',
        '  debug(message: string, ...args: unknown[]): void;',
        '  warn(message: string, ...args: unknown[]): void;',
        '}',
        '',
        'export function createLogger(scope: string): Logger {',
        '  return {',
        '    debug: (message, ...args) => console.debug(`[${scope}] ${message}`, ...args),',
        '    warn: (message, ...args) => console.warn(`[${scope}] ${message}`, ...args),',
        '  };',
        '}',
      ].join('\n') + '\n',
      source: true,
    },
    { path: `${dir}/src/index.ts`, text: ["export { createLogger, type Logger } from './logging/logger';", ...barrel].join('\n') + '\n', source: true },
  ];
}

/** Each app package's `src/flags/`: module-level SDK clients, wrappers and hooks, local constants, a default-exported key. */
function appFlagModules(pkg: PackagePlan, flags: readonly BenchFlag[], primary: BenchFlag): GeneratedFile[] {
  const dir = `packages/${pkg.dir}/src/flags`;
  const files: GeneratedFile[] = [
    { path: `packages/${pkg.dir}/package.json`, text: json({ name: pkg.name, version: '1.0.0', private: true, dependencies: { '@bench/flags': 'workspace:*', '@bench/shared': 'workspace:*' } }), source: false },
    { path: `${dir}/keys.ts`, text: ['// Keys this package evaluates, kept next to the code that reads them.', ...flags.map((f) => `export const ${f.constant}_KEY = '${f.key}';`)].join('\n') + '\n', source: true },
    { path: `${dir}/primaryFlag.ts`, text: `const PRIMARY_FLAG = '${primary.key}';\n\nexport default PRIMARY_FLAG;\n`, source: true },
    {
      path: `${dir}/featureClient.ts`,
      text: `import { OpenFeature } from '${pkg.web ? '@openfeature/web-sdk' : '@openfeature/server-sdk'}';\n\n/** One client for the whole package, so hooks and services share its cache. */\nexport const featureClient = OpenFeature.getClient('${pkg.dir}');\n`,
      source: true,
    },
    {
      path: `${dir}/growthbook.ts`,
      text: `import { GrowthBook } from '@growthbook/growthbook';\n\nexport const growthbook = new GrowthBook({\n  apiHost: 'https://cdn.growthbook.example.test',\n  clientKey: 'sdk-${pkg.dir}',\n});\n`,
      source: true,
    },
    {
      path: `${dir}/ldClient.ts`,
      text: pkg.web
        ? `import { initialize } from 'launchdarkly-js-client-sdk';\n\nexport const ldClient = initialize('bench-client-side-id', { kind: 'user', key: 'anonymous' });\n`
        : `import { init } from '@launchdarkly/node-server-sdk';\n\nexport const ldClient = init(process.env.LD_SDK_KEY ?? '');\n`,
      source: true,
    },
    {
      path: `${dir}/unleash.ts`,
      text: pkg.web
        ? `import { UnleashClient } from 'unleash-proxy-client';\n\nexport const unleash = new UnleashClient({ url: 'https://unleash.example.test/proxy', clientKey: 'bench', appName: '${pkg.dir}' });\n`
        : `import { initialize } from 'unleash-client';\n\nexport const unleash = initialize({ url: 'https://unleash.example.test/api', appName: '${pkg.dir}' });\n`,
      source: true,
    },
    {
      path: `${dir}/uiFlags.ts`,
      text: [
        '// In-house flag helpers, declared as custom patterns in the workspace .flaglens.json.',
        'const overrides = new Map<string, boolean>();',
        '',
        'export function useUiFlag(key: string): boolean {',
        '  return overrides.get(key) ?? false;',
        '}',
        '',
        'export const flagResolver = {',
        '  isEnabled(name: string): boolean {',
        '    return overrides.get(name) === true;',
        '  },',
        '};',
      ].join('\n') + '\n',
      source: true,
    },
    {
      path: `${dir}/wrappers.ts`,
      text: [
        "import { featureClient } from './featureClient';",
        "import { growthbook } from './growthbook';",
        '',
        '/** The one place that decides how a boolean feature is read. */',
        'export function isFeatureEnabled(flagKey: string): boolean {',
        '  return growthbook.isOn(flagKey);',
        '}',
        '',
        '/** Kept for older call sites; goes through isFeatureEnabled. */',
        'export function checkFlag(name: string): boolean {',
        '  return isFeatureEnabled(name);',
        '}',
        '',
        'export async function getFlagVariant(key: string, fallback: string): Promise<string> {',
        `  return ${pkg.web ? '' : 'await '}featureClient.getStringValue(key, fallback);`,
        '}',
      ].join('\n') + '\n',
      source: true,
    },
  ];
  if (pkg.web) {
    files.push(
      {
        path: `${dir}/hooks.ts`,
        text: [
          "import { useBooleanFlagValue } from '@openfeature/react-sdk';",
          "import { useFlags } from 'launchdarkly-react-client-sdk';",
          '',
          '/** Every LaunchDarkly flag, camelCased, for components that read several. */',
          'export function useAppFlags() {',
          '  return useFlags();',
          '}',
          '',
          'export function useFeatureFlag(flagKey: string): boolean {',
          '  return useBooleanFlagValue(flagKey, false);',
          '}',
        ].join('\n') + '\n',
        source: true,
      },
      {
        path: `packages/${pkg.dir}/src/state/useFlag.ts`,
        text: "/** UI preference toggles kept in local storage; not a feature flag SDK. */\nexport function useFlag(name: string): boolean {\n  return globalThis.localStorage?.getItem(`pref:${name}`) === '1';\n}\n",
        source: true,
      },
    );
  }
  return files;
}

/** Workspace root files, plus dependency and build output the index must skip. */
function rootFiles(flags: readonly BenchFlag[]): GeneratedFile[] {
  const sample = flags.slice(0, 5);
  const calls = sample.map((f) => `exports.r${f.camel} = client.variation('${f.key}', ctx, false);`).join('\n');
  const files: GeneratedFile[] = [
    { path: 'package.json', text: json({ name: 'bench-monorepo', private: true, workspaces: ['packages/*'] }), source: false },
    { path: 'tsconfig.json', text: json({ compilerOptions: { target: 'ES2022', module: 'ESNext', moduleResolution: 'Bundler', jsx: 'react-jsx', strict: true }, include: ['packages/*/src'] }), source: false },
    { path: '.gitignore', text: 'node_modules/\ndist/\ncoverage/\n', source: false },
    {
      path: '.flaglens.json',
      text: json({ patterns: [{ function: 'useUiFlag', keyArg: 0 }, { method: 'isEnabled', receiver: 'flagResolver', keyArg: 0 }], exclude: ['**/generated/**'] }),
      source: false,
    },
    // Excluded by .flaglens.json: generated code that evaluates flags must not be reported.
    { path: 'packages/api/src/generated/flagClient.ts', text: `import { init } from '@launchdarkly/node-server-sdk';\nconst client = init('x');\n${calls.replace(/exports\.(\w+) =/g, 'export const $1 =')}\n`, source: false },
  ];
  for (let i = 0; i < 10; i++) {
    files.push({ path: `node_modules/launchdarkly-react-client-sdk/lib/chunk${i}.js`, text: `const { useFlags } = require('launchdarkly-react-client-sdk');\nconst client = require('@launchdarkly/node-server-sdk').init('x');\n${calls}\n`, source: false });
    files.push({ path: `packages/web/dist/bundle${i}.js`, text: `import { init } from '@launchdarkly/node-server-sdk';\nconst client = init('x');\n${calls}\n`, source: false });
  }
  return files;
}

export function supportFiles(flags: readonly BenchFlag[], sharedPlans: readonly FillerFilePlan[]): GeneratedFile[] {
  return [
    ...rootFiles(flags),
    ...flagsPackage(flags),
    ...sharedPackageFiles(sharedPlans),
    ...appPackages.flatMap((pkg, index) => appFlagModules(pkg, flags, flags[index % flags.length] as BenchFlag)),
  ];
}

/** How many source files `supportFiles` writes, so filler makes up the rest of `--files`. */
export function supportSourceCount(): number {
  return 5 + 2 + appPackages.reduce((sum, pkg) => sum + (pkg.web ? 10 : 8), 0);
}
