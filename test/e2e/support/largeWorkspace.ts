import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface LargeWorkspace {
  root: string;
  /** Every TS/TSX file written. */
  scriptCount: number;
  /** Files that evaluate a flag (through the wrapper hook or the SDK directly). */
  flagFiles: string[];
  /** The file a test opens (relative, forward slashes) and the flag key its lens shows. */
  openFile: string;
  openKey: string;
}

export interface LargeWorkspaceOptions {
  /** How many TS/TSX files (at least). */
  files?: number;
  /** One file in `flagEvery` evaluates a flag. */
  flagEvery?: number;
}

const sections = ['billing', 'catalog', 'checkout', 'search', 'accounts', 'orders', 'inventory', 'shipping', 'reports', 'support'];

function write(root: string, relative: string, text: string): void {
  const file = join(root, relative);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
}

function pad(n: number, width = 4): string {
  return String(n).padStart(width, '0');
}

/** Ordinary code with no flag: types, a few functions and enough text that reading it costs something. */
function plainModule(section: string, n: number, siblings: number[]): string {
  const name = `${section[0]!.toUpperCase()}${section.slice(1)}Item${pad(n)}`;
  const imports = siblings.map((s, i) => `import { format${section}${pad(s)} as format${i} } from './${section}Item${pad(s)}';`).join('\n');
  const fields = Array.from({ length: 12 }, (_, i) => `  field${i}: ${i % 3 === 0 ? 'string' : i % 3 === 1 ? 'number' : 'boolean'};`).join('\n');
  const helpers = Array.from(
    { length: 10 },
    (_, i) => `
/** Normalizes step ${i} of a ${section} record; kept pure so the reducers can memoize it. */
export function step${i}Of${name}(input: ${name}, factor = ${i + 1}): ${name} {
  const copy = { ...input };
  if (copy.field1 > ${i * 10}) copy.field1 = Math.round(copy.field1 / factor);
  copy.field0 = \`\${copy.field0.trim()}-${section}-${i}\`;
  copy.field2 = !copy.field2 && copy.field1 % 2 === 0;
  return copy;
}`,
  ).join('\n');
  return `${imports}

export interface ${name} {
${fields}
}
${helpers}

export function format${section}${pad(n)}(value: ${name}): string {
  return [value.field0, String(value.field1), value.field2 ? 'yes' : 'no']${siblings.length > 0 ? `.concat([${siblings.map((_, i) => `format${i}.name`).join(', ')}])` : ''}.join(' / ');
}
`;
}

/** A component that evaluates one flag through the team's wrapper hook and the shared key map. */
function flagComponent(section: string, n: number, member: string): string {
  const name = `${section[0]!.toUpperCase()}${section.slice(1)}Panel${pad(n)}`;
  // The panel's own helpers: a file that is parsed costs what a real component costs.
  return `import { useFeature } from '../../../../shared/src/flags/useFeature';
import { FLAGS } from '../../../../shared/src/flags/keys';
${plainModule(section, n, [])}
interface ${name}Props {
  title: string;
  items: string[];
}

/** Shows the ${section} panel; the new layout is behind a flag while it rolls out. */
export function ${name}({ title, items }: ${name}Props) {
  const enabled = useFeature(FLAGS.${member});
  const visible = items.filter((item) => item.length > 0);
  if (!enabled) return <section className="legacy">{title}</section>;
  return (
    <section className="${section}">
      <h2>{title}</h2>
      <ul>{visible.map((item) => <li key={item}>{item}</li>)}</ul>
    </section>
  );
}
`;
}

/**
 * A monorepo-shaped workspace of `files` TS/TSX files: an app and an API package split into
 * sections, a shared package with the flag keys (an `as const` map) and a wrapper hook over
 * OpenFeature, and a flagd file under config/ (Flag Lens activates when a file opens). One file in `flagEvery` evaluates a flag; the rest is plain code.
 */
export function generateLargeWorkspace(root: string, options: LargeWorkspaceOptions = {}): LargeWorkspace {
  const total = options.files ?? 3000;
  const flagEvery = options.flagEvery ?? 5;
  const flagCount = Math.ceil(total / flagEvery);
  const keys = Array.from({ length: flagCount }, (_, i) => `feature-${pad(i, 3)}`);
  const member = (i: number) => `feature${pad(i, 3)}`;
  const flags: Record<string, unknown> = {};
  for (const key of ['new-checkout', ...keys]) flags[key] = { state: 'ENABLED', variants: { on: true, off: false }, defaultVariant: 'on' };
  // Not at the top: `workspaceContains:*.flagd.json` would activate Flag Lens before any file is open.
  write(root, 'config/flags.flagd.json', `${JSON.stringify({ $schema: 'https://flagd.dev/schema/v0/flags.json', flags }, null, 2)}\n`);
  write(root, 'package.json', `${JSON.stringify({ name: 'large-monorepo', private: true, workspaces: ['packages/*'] }, null, 2)}\n`);
  write(root, 'tsconfig.json', `${JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'ESNext', moduleResolution: 'Bundler', jsx: 'react-jsx', strict: true } }, null, 2)}\n`);
  for (const pkg of ['app', 'api', 'shared']) write(root, `packages/${pkg}/package.json`, `${JSON.stringify({ name: `@large/${pkg}`, version: '1.0.0' }, null, 2)}\n`);
  write(
    root,
    'packages/shared/src/flags/keys.ts',
    `/** Every flag key the product uses, in one place. */
export const FLAGS = {
  newCheckout: 'new-checkout',
${keys.map((key, i) => `  ${member(i)}: '${key}',`).join('\n')}
} as const;
`,
  );
  write(
    root,
    'packages/shared/src/flags/useFeature.ts',
    `import { useBooleanFlagValue } from '@openfeature/react-sdk';

/** The team's wrapper: a flag key in, a boolean out, off when the provider is down. */
export function useFeature(flagKey: string): boolean {
  return useBooleanFlagValue(flagKey, false);
}
`,
  );
  const openFile = 'packages/app/src/checkout/pages/CheckoutPage.tsx';
  write(
    root,
    openFile,
    `import { useFeature } from '../../../../shared/src/flags/useFeature';
import { FLAGS } from '../../../../shared/src/flags/keys';

/** The checkout page: the one-page flow is behind new-checkout. */
export function CheckoutPage() {
  const onePage = useFeature(FLAGS.newCheckout);
  return onePage ? <main className="one-page">Checkout</main> : <main>Checkout (classic)</main>;
}
`,
  );
  let written = 3;
  const flagFiles = [join(root, openFile)];
  let flagIndex = 0;
  for (let n = 0; written < total; n++) {
    const section = sections[n % sections.length]!;
    const pkg = n % 3 === 2 ? 'api' : 'app';
    const folder = `packages/${pkg}/src/${section}/part${pad(Math.floor(n / 100), 2)}`;
    if (n % flagEvery === flagEvery - 1 && flagIndex < flagCount) {
      const relative = `${folder}/${section}Panel${pad(n)}.tsx`;
      write(root, relative, flagComponent(section, n, member(flagIndex++)));
      flagFiles.push(join(root, relative));
    } else {
      // Imports of earlier modules in the same folder: a realistic import graph, resolvable.
      // n - 30: same section, package and folder; not a flag file.
      const sibling = n - 30;
      const siblings = n % 100 >= 30 && sibling % flagEvery !== flagEvery - 1 ? [sibling] : [];
      write(root, `${folder}/${section}Item${pad(n)}.ts`, plainModule(section, n, siblings));
    }
    written++;
  }
  return { root, scriptCount: written, flagFiles, openFile, openKey: 'new-checkout' };
}
