import assert from 'node:assert/strict';
import type { CatalogEntry } from '../../../src/core/catalog/model';
import { lensText } from '../../../src/core/catalog/present/lensText';
import { notificationSafeText, terminalSafeText } from '../../../src/core/catalog/present/plainText';
import { environmentPickText, flagPickText, keepValuePickText, type PickText } from '../../../src/core/catalog/present/pickText';
import { hostileValues } from './hostileValues';
import { entryWith, type FieldName } from './hoverSupport';
import { renderLabel, renderNotification } from './labelSyntax';
import { normalizeSpace } from './markdownTokens';

function assertShowsAsText(label: string, value: string, ownIcons: readonly string[], context: string): void {
  const { icons, text } = renderLabel(label);
  assert.deepEqual(icons, ownIcons, `${context}: icons drawn from ${JSON.stringify(label)}`);
  assert.ok(normalizeSpace(text).includes(normalizeSpace(value)), `${context}: ${JSON.stringify(value)} not shown in ${JSON.stringify(text)}`);
}

function assertPickShows(pick: PickText, value: string, ownIcons: readonly string[], context: string): void {
  const drawn = [pick.label, pick.description ?? '', pick.detail ?? ''].map(renderLabel);
  assert.deepEqual(drawn.flatMap((d) => d.icons), ownIcons, `${context}: icons drawn from ${JSON.stringify(pick)}`);
  assert.ok(normalizeSpace(drawn.map((d) => d.text).join(' ')).includes(normalizeSpace(value)), `${context}: ${JSON.stringify(value)} not shown in ${JSON.stringify(pick)}`);
}

describe('reliability: lens titles, quick picks and notifications keep flag data as text', () => {
  const lensFields: FieldName[] = ['key', 'environment key', 'variation name', 'split variation'];

  it('a code lens title draws no icon a key, environment or variation wrote', () => {
    for (const field of lensFields) {
      for (const value of hostileValues) {
        const entry = entryWith(field, value);
        const title = lensText(entry, [], 'loaded');
        const { icons, text } = renderLabel(title);
        assert.deepEqual(icons, [], `${field} = ${JSON.stringify(value)}: ${title}`);
        if (field === 'key' || field === 'environment key') assert.ok(normalizeSpace(text).includes(normalizeSpace(value)), `${field}: ${title}`);
      }
    }
    for (const value of hostileValues) {
      const unknown: CatalogEntry = { key: value, definitions: [], references: [], stale: [] };
      assertShowsAsText(lensText(unknown, [], 'loaded'), value, [], `unknown key ${JSON.stringify(value)}`);
    }
  });

  it('a flag quick pick shows key, environment and description as text', () => {
    for (const value of hostileValues) {
      assertPickShows(flagPickText(entryWith('key', value), 'dev'), value, [], 'key');
      assertPickShows(flagPickText(entryWith('description', value), 'dev'), value, [], 'description');
      const entry = entryWith('environment key', value);
      assertPickShows(flagPickText(entry, value), value, [], 'environment');
    }
  });

  it('Select Environment draws only its own check and lock icons', () => {
    for (const value of hostileValues) {
      assertPickShows(environmentPickText(value, { name: 'Development', sourceLabels: ['flagd: dev.json'] }, true), value, ['check'], 'key');
      assertPickShows(environmentPickText('dev', { name: value, sourceLabels: ['flagd'] }, false), value, [], 'name');
      assertPickShows(environmentPickText('dev', { name: 'dev', sourceLabels: [value] }, false), value, [], 'source label');
      assertPickShows(environmentPickText('prod', { name: 'prod', sourceLabels: ['x'], protection: value }, false), value, ['lock'], 'protection');
    }
  });

  it('Clean Up draws only its own star next to values and reasons from the source', () => {
    for (const value of hostileValues) {
      assertPickShows(keepValuePickText(value, 'variation of x', true), JSON.stringify(value), ['star-full'], 'value');
      assertPickShows(keepValuePickText(false, `variation '${value}' of flagd`, false), value, [], 'reason');
    }
  });

  it('a quick pick, a lens and a notification write out characters that make one key read as another', () => {
    const key = 'pay-\u202egnikcehc\u202c\u200b';
    const written = 'pay-\\u202egnikcehc\\u202c\\u200b';
    assert.equal(flagPickText(entryWith('key', key), 'dev').label, written);
    assert.ok(lensText(entryWith('key', key), [], 'loaded').startsWith(`⚑ ${written} · `));
    assert.ok(renderNotification(notificationSafeText(`'${key}'`)).text.includes(written));
  });

  it('a notification makes no link of a key, and still shows it', () => {
    for (const value of hostileValues) {
      const message = notificationSafeText(`Flag Lens: '${value}' is not defined in any source.`);
      const { links, text } = renderNotification(message);
      assert.deepEqual(links, [], message);
      assert.ok(normalizeSpace(text).includes(normalizeSpace(value)), message);
    }
    const { links } = renderNotification(notificationSafeText('[run](command:workbench.action.terminal.sendSequence?%7B%22text%22%3A%22x%22%7D)'));
    assert.deepEqual(links, []);
  });

  it('text meant for a terminal carries no escape sequence, and shows where one was', () => {
    const hyperlink = 'new-checkout\u001b]8;;https://evil.example\u0007click\u001b]8;;\u0007\u009b2J\r\nnext';
    const safe = terminalSafeText(hyperlink);
    assert.ok(![...safe].some((c) => c.charCodeAt(0) < 0x20 || (c.charCodeAt(0) >= 0x7f && c.charCodeAt(0) <= 0x9f)), safe);
    assert.equal(safe, 'new-checkout\\x1b]8;;https://evil.example\\x07click\\x1b]8;;\\x07\\x9b2J\\x0d\\x0anext');
  });
});
