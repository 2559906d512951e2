import assert from 'node:assert/strict';
import { hoverMarkdown, type HoverOptions } from '../../../src/core/catalog/present/hoverMarkdown';
import type { EvidenceState } from '../../../src/core/evidence/model';
import { hostileValues } from '../../reliability/rendering/hostileValues';
import { entryWith, folder, root } from '../../reliability/rendering/hoverSupport';
import { inspectMarkdown, normalizeSpace } from '../../reliability/rendering/markdownTokens';

const now = new Date('2026-06-15T12:00:00Z');
const options: HoverOptions = { now, protectedEnvironments: [], sourcesLoaded: true, folder, root };
const day = 86_400_000;

/** Evidence whose variation names (the split's, as the vendor sent them), note and failure reason all carry `value`. */
function hostileEvidence(value: string): HoverOptions['evidence'] {
  return (_sourceId, _key, environment) => {
    if (environment === 'stage') return { state: 'unavailable', reason: `no evidence: ${value}`, cause: 'server' };
    const byVariation: Record<string, number> = {};
    Object.defineProperty(byVariation, value, { value: 30, enumerable: true });
    Object.defineProperty(byVariation, 'green', { value: 70, enumerable: true, writable: true });
    const window = { since: new Date(now.getTime() - 7 * day), until: now, total: 100, byVariation, series: [{ at: new Date(now.getTime() - 2 * day), total: 40 }, { at: new Date(now.getTime() - day), total: 60 }] };
    const state: EvidenceState = { state: 'ready', fetchedAt: now, evidence: { environment, evaluations: window, lastDay: { ...window, since: new Date(now.getTime() - day) }, note: value } };
    return state;
  };
}

describe('hover evidence lines keep vendor text inert (parsed with marked)', () => {
  for (const value of hostileValues) {
    it(`adds no link, HTML, image or character reference for ${JSON.stringify(value).slice(0, 60)}`, () => {
      const entry = entryWith('split variation', value);
      const plain = inspectMarkdown(hoverMarkdown(entry, options));
      const markdown = hoverMarkdown(entry, { ...options, evidence: hostileEvidence(value) });
      const seen = inspectMarkdown(markdown);
      const why = `--- markdown ---\n${markdown}`;
      assert.deepEqual(seen.links, plain.links, `evidence added or changed links: ${why}`);
      assert.deepEqual(seen.html, [], why);
      assert.deepEqual(seen.images, [], why);
      assert.deepEqual(seen.entities, [], why);
      assert.ok(markdown.split('  \n').filter((line) => line.startsWith('↳ ')).length === 2, why);
      if (value.trim() !== '') assert.ok(normalizeSpace(seen.visibleText).includes(normalizeSpace(`no evidence: ${value}`)), `the reason reads as written: ${why}`);
    });
  }
});
