import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FlagCatalog } from '../../../src/core/catalog/flagCatalog';
import type { CatalogEntry } from '../../../src/core/catalog/model';
import { openInText, toggleActionText, toggleOutcomeText } from '../../../src/core/catalog/present/actionText';
import { hoverMarkdown } from '../../../src/core/catalog/present/hoverMarkdown';
import { lensText } from '../../../src/core/catalog/present/lensText';
import { flagPickText } from '../../../src/core/catalog/present/pickText';
import { formatFlagsText } from '../../../src/core/report/flagsReport';
import { ReferenceIndex } from '../../../src/core/references/referenceIndex';
import { FlagdSource } from '../../../src/core/sources/flagd/flagdSource';
import type { FlagDefinition } from '../../../src/core/sources/model';

/** The demo's case: flags whose default variant is *named* `off`, disabled or enabled. */
const flagFile = (env: string) => ({
  $schema: 'https://flagd.dev/schema/v0/flags.json',
  metadata: { flagSetId: env },
  flags: {
    'free-shipping': { state: 'DISABLED', variants: { on: true, off: false }, defaultVariant: 'off' },
    'legacy-payments': { state: 'ENABLED', variants: { on: true, off: false }, defaultVariant: 'off' },
    'dark-mode': { state: 'ENABLED', variants: { on: true, off: false }, defaultVariant: 'on' },
    'search-v2': { state: 'ENABLED', variants: { on: true, off: false }, defaultVariant: 'off', targeting: { if: [{ ends_with: [{ var: 'email' }, '@shop.example'] }, 'on', 'off'] } },
    banner: { state: 'ENABLED', variants: { default: 'Free returns', holiday: 'Holiday sale' }, defaultVariant: 'holiday' },
  },
});

const code = `import { OpenFeature } from '@openfeature/server-sdk';
const client = OpenFeature.getClient();
export async function run(): Promise<unknown[]> {
  return [
    await client.getBooleanValue('free-shipping', false),
    await client.getBooleanValue('legacy-payments', false),
    await client.getBooleanValue('dark-mode', false),
    await client.getBooleanValue('search-v2', false),
    await client.getStringValue('banner', ''),
  ];
}
`;

/** The words that used to stand for both the state and the variation named on/off. */
const stateInCapitals = /\b(ON|OFF)\b/;

describe('state wording: disabled (the state) is never confused with serving the variation named off', () => {
  let root: string;
  let flagd: FlagdSource;
  let index: ReferenceIndex;
  let catalog: FlagCatalog;
  const entry = (key: string): CatalogEntry => catalog.entry(key)!;

  beforeEach(async () => {
    root = mkdtempSync(join(tmpdir(), 'flaglens-wording-')).replace(/\\/g, '/');
    mkdirSync(join(root, 'src'));
    writeFileSync(join(root, 'dev.flagd.json'), JSON.stringify(flagFile('dev'), null, 2));
    writeFileSync(join(root, 'prod.flagd.json'), JSON.stringify(flagFile('prod'), null, 2));
    writeFileSync(join(root, 'src/app.ts'), code);
    flagd = new FlagdSource({ root, patterns: ['*.flagd.json'], id: 'flagd:main' });
    await flagd.refresh();
    index = await ReferenceIndex.build({ root });
    catalog = new FlagCatalog();
    catalog.setSources([flagd]);
    catalog.setIndex(index);
  });

  afterEach(() => {
    catalog.dispose();
    index.dispose();
    flagd.dispose();
    rmSync(root, { recursive: true, force: true });
  });

  it('code lens: `disabled` for the state, `serves off` for a flag enabled to serve off', () => {
    assert.equal(lensText(entry('free-shipping'), [], 'loaded'), '⚑ free-shipping · dev: disabled · prod: disabled');
    assert.equal(lensText(entry('legacy-payments'), [], 'loaded'), '⚑ legacy-payments · dev: serves off · prod: serves off');
    assert.equal(lensText(entry('dark-mode'), [], 'loaded'), '⚑ dark-mode · dev: serves on · prod: serves on');
    assert.equal(lensText(entry('search-v2'), [], 'loaded'), '⚑ search-v2 · dev: 1 rule · prod: 1 rule');
    assert.equal(lensText(entry('banner'), [], 'loaded'), '⚑ banner · dev: serves holiday · prod: serves holiday');
  });

  it('quick pick: the state word first, then what code gets', () => {
    assert.equal(flagPickText(entry('free-shipping'), 'dev').description, 'dev: disabled · code default');
    assert.equal(flagPickText(entry('legacy-payments'), 'dev').description, 'dev: enabled · serves off');
    assert.equal(flagPickText(entry('search-v2'), 'dev').description, 'dev: enabled · 1 rule, else off');
  });

  it('hover: one line per environment in the same words, and no ON/OFF anywhere', () => {
    const options = { now: new Date(), protectedEnvironments: [], sourcesLoaded: true };
    const disabled = hoverMarkdown(entry('free-shipping'), options);
    assert.ok(disabled.includes('**dev** · disabled — code default'), disabled);
    assert.match(disabled, /\[Enable in dev\]/);
    const servesOff = hoverMarkdown(entry('legacy-payments'), options);
    assert.ok(servesOff.includes('**dev** · serves `off`'), servesOff);
    assert.match(servesOff, /\[Disable in dev\]/);
    const rules = hoverMarkdown(entry('search-v2'), options);
    assert.ok(rules.includes('**dev** · 1 rule: email ends\\_with \\@shop.example → on; else off'), rules);
    for (const markdown of [disabled, servesOff, rules]) assert.doesNotMatch(markdown, stateInCapitals, markdown);
  });

  it('the notice after a real toggle says the state the source reports and what it serves now', async () => {
    await flagd.toggle({ key: 'free-shipping', environment: 'dev', on: true });
    const after = (key: string) => flagd.snapshot!.flags.find((flag) => flag.key === key);
    assert.equal(toggleOutcomeText('free-shipping', 'dev', true, after('free-shipping')), "'free-shipping' is now enabled in dev: it serves 'off' (false) to everyone.");
    assert.equal(lensText(catalog.entry('free-shipping')!, ['dev'], 'loaded'), '⚑ free-shipping · dev: serves off', 'and the lens agrees');

    await flagd.toggle({ key: 'dark-mode', environment: 'dev', on: false });
    assert.equal(toggleOutcomeText('dark-mode', 'dev', false, after('dark-mode')), "'dark-mode' is now disabled in dev: code gets its own default value.");

    await flagd.toggle({ key: 'search-v2', environment: 'dev', on: true });
    assert.equal(toggleOutcomeText('search-v2', 'dev', true, after('search-v2')), "'search-v2' is now enabled in dev: 1 targeting rule (email ends_with @shop.example → on; else off).");
    assert.equal(toggleOutcomeText('search-v2', 'dev', false, after('search-v2')), "'search-v2' still reads enabled in dev; the change may need approval or time to apply.", 'a source that did not take the change says so');
    assert.equal(toggleOutcomeText('gone', 'dev', true, undefined), "'gone' is now enabled in dev.", 'no read-back: only what was asked');
  });

  it('a vendor flag with an off variation says what it serves while disabled', () => {
    const ld: FlagDefinition = {
      key: 'checkout',
      name: 'checkout',
      kind: 'boolean',
      variations: [{ name: 'true', value: true }, { name: 'false', value: false }],
      temporary: true,
      tags: [],
      archived: false,
      environments: { production: { environment: 'production', on: false, serving: { type: 'variation', variation: 'true' }, offVariation: 'false', protected: true } },
    };
    assert.equal(toggleOutcomeText('checkout', 'production', false, ld), "'checkout' is now disabled in production: it serves its off variation 'false'.");
    const blue = { ...ld, kind: 'string' as const, variations: [{ name: 'blue', value: '#00f' }], environments: { dev: { environment: 'dev', on: true, serving: { type: 'variation' as const, variation: 'blue' }, protected: false } } };
    assert.equal(toggleOutcomeText("it's", 'dev', true, { ...blue, key: "it's" }), `"it's" is now enabled in dev: it serves 'blue' ("#00f") to everyone.`, 'quotes stay balanced');
  });

  it('actions: Enable/Disable by the current state; one "Open in" per source kind', () => {
    assert.equal(toggleActionText(true, 'dev'), 'Disable in dev');
    assert.equal(toggleActionText(false, 'dev'), 'Enable in dev');
    assert.equal(openInText('flagd'), 'Open in flag file');
    assert.equal(openInText('launchdarkly'), 'Open in LaunchDarkly');
    assert.equal(openInText('unleash'), 'Open in Unleash');
  });

  it('CLI flags text: a state column (enabled/disabled) and what code gets', () => {
    const text = formatFlagsText({ sources: [{ kind: 'flagd', label: flagd.label, snapshot: flagd.snapshot! }] });
    const line = (key: string, env: string) => {
      const lines = text.split('\n');
      const at = lines.findIndex((l) => l.trim().startsWith(`${key} `) || l.trim() === key);
      return lines.slice(at + 1).find((l) => l.trim().startsWith(`${env} `))?.trim().replace(/\s+/g, ' ');
    };
    assert.equal(line('free-shipping', 'dev'), 'dev disabled serves the code default');
    assert.equal(line('legacy-payments', 'dev'), 'dev enabled serves off');
    assert.equal(line('dark-mode', 'dev'), 'dev enabled serves on');
    assert.doesNotMatch(text, stateInCapitals, text);
  });
});
