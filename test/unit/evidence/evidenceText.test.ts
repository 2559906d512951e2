import { strict as assert } from 'node:assert';
import { compressSeries, evidenceLine, formatCount, sparkline, splitComparison, windowLabel } from '../../../src/core/evidence/evidenceText';
import type { EnvironmentEvidence, EvaluationWindow } from '../../../src/core/evidence/model';
import { inspectMarkdown } from '../../reliability/rendering/markdownTokens';

const now = new Date('2026-12-05T12:00:00Z');
const day = (n: number): Date => new Date(now.getTime() - n * 86_400_000);

function window(days: number, total: number, byVariation: Record<string, number>, series?: number[]): EvaluationWindow {
  const since = day(days);
  return {
    since,
    until: now,
    total,
    byVariation,
    ...(series ? { series: series.map((value, i) => ({ at: new Date(since.getTime() + i * ((days * 86_400_000) / series.length)), total: value })) } : {}),
  };
}

describe('evidence text', () => {
  it('draws a sparkline scaled to the largest value, zero as the lowest block and any count above it', () => {
    assert.equal(sparkline([0, 1, 2, 3, 4, 5, 6, 7]), '▁▂▃▄▅▆▇█');
    assert.equal(sparkline([10, 20, 40, 60, 80, 70, 50]), '▂▃▅▆█▇▅');
    assert.equal(sparkline([0, 0, 0]), '▁▁▁');
    assert.equal(sparkline([0, 1, 1000]), '▁▂█', 'one evaluation is not drawn like none');
    assert.equal(sparkline([Number.NaN, -5, Infinity, 3]), '▁▁▁█');
    assert.equal(sparkline([]), '');
  });

  it('sums adjacent points until the series fits 24 bars', () => {
    assert.deepEqual(compressSeries([1, 2, 3, 4], 2), [3, 7]);
    assert.equal(compressSeries(Array.from({ length: 48 }, () => 1)).length, 24);
    assert.deepEqual(compressSeries([1, 2, 3], 2), [3, 3]);
  });

  it('formats counts and window lengths', () => {
    assert.equal(formatCount(12408), '12,408');
    assert.equal(formatCount(0), '0');
    assert.equal(windowLabel(window(7, 0, {})), '7 d');
    assert.equal(windowLabel(window(1, 0, {})), '24 h');
    assert.equal(windowLabel(window(2, 0, {})), '48 h');
  });

  it('writes 24 h, 7 d with a sparkline, and the observed split beside the configured one', () => {
    const evidence: EnvironmentEvidence = {
      environment: 'production',
      lastDay: window(1, 12408, { on: 2990, off: 9418 }),
      evaluations: window(7, 80112, { on: 20000, off: 60112 }, [10, 20, 40, 60, 80, 70, 50]),
    };
    const line = evidenceLine({ state: 'ready', evidence, fetchedAt: now }, { type: 'split', split: [{ variation: 'on', percent: 25 }, { variation: 'off', percent: 75 }] }, now);
    assert.equal(line, '24 h: 12,408 · 7 d: 80,112 ▂▃▅▆█▇▅ · configured on 25% · observed on 24.1% of 12,408');
  });

  it('shows the observed 100 % of a released flag, and every part of a variant split', () => {
    assert.equal(splitComparison({ type: 'variation', variation: 'on' }, window(1, 9120, { on: 9120 })), 'configured on 100% · observed on 100% of 9,120');
    assert.equal(
      splitComparison({ type: 'split', split: [{ variation: 'red', percent: 50 }, { variation: 'blue', percent: 50 }] }, window(1, 1000, { red: 512, blue: 488 })),
      'configured red 50%, blue 50% · observed red 51.2%, blue 48.8% of 1,000',
    );
    assert.equal(splitComparison({ type: 'rules', count: 2, summary: 'x' }, window(1, 10, { on: 10 })), undefined);
    assert.equal(splitComparison({ type: 'variation', variation: 'on' }, window(1, 0, {})), undefined, 'no share of nothing');
  });

  it('says why there is no evidence, and names the 48 h a server keeps', () => {
    const visible = (markdown: string): string => inspectMarkdown(markdown).visibleText;
    assert.equal(visible(evidenceLine({ state: 'unavailable', reason: 'no evidence: the token was refused (401)', cause: 'unauthorized' }, undefined, now)), 'no evidence: the token was refused (401)');
    const evidence: EnvironmentEvidence = { environment: 'development', evaluations: window(2, 0, {}, Array.from({ length: 48 }, () => 0)), lastDay: window(1, 0, {}), note: 'keeps 48 h' };
    assert.equal(evidenceLine({ state: 'ready', evidence, fetchedAt: now }, { type: 'variation', variation: 'on' }, now), `24 h: 0 · 48 h: 0 ${'▁'.repeat(24)} · _keeps 48 h_`);
    assert.equal(visible(evidenceLine({ state: 'ready', evidence: { environment: 'x', evaluations: null }, fetchedAt: now }, undefined, now)), 'no evidence: the source has no evaluation counts');
  });

  it('escapes hostile variation names and reasons: no link, image, HTML or icon survives', () => {
    const hostile = ['[click](command:flaglens.toggle?%5B%5D)', '![x](https://evil.example/p.png)', '<img src=x onerror=alert(1)>', '$(zap) **bold**', 'https://evil.example', '# heading\nsecond line'];
    for (const name of hostile) {
      const evidence: EnvironmentEvidence = { environment: name, lastDay: window(1, 100, { [name]: 40, other: 60 }), evaluations: window(7, 100, { [name]: 40, other: 60 }) };
      const line = evidenceLine({ state: 'ready', evidence, fetchedAt: now }, { type: 'split', split: [{ variation: name, percent: 40 }, { variation: 'other', percent: 60 }] }, now);
      const rendered = inspectMarkdown(line);
      assert.deepEqual(rendered.links, [], `${name}: no link in ${line}`);
      assert.deepEqual(rendered.images, [], `${name}: no image`);
      assert.deepEqual(rendered.html, [], `${name}: no HTML`);
      assert.ok(!line.includes('\n'), 'one line');
      assert.ok(!/(^|[^\\])\$\(/.test(line), `${name}: no icon syntax in ${line}`);
      assert.match(rendered.visibleText, /observed .* 40% , other 60% of 100|observed .*40%, other 60% of 100/);
    }
    const reason = evidenceLine({ state: 'unavailable', reason: 'no evidence: [x](command:evil) <b>hi</b>', cause: 'server' }, undefined, now);
    const rendered = inspectMarkdown(reason);
    assert.deepEqual([rendered.links, rendered.html], [[], []]);
    assert.equal(rendered.visibleText, 'no evidence: [x](command:evil) <b>hi</b>');
  });

  it('says when the flag was last requested', () => {
    const evidence: EnvironmentEvidence = { environment: 'p', evaluations: window(7, 5, { on: 5 }), lastDay: window(1, 0, {}), lastRequested: day(3) };
    assert.match(evidenceLine({ state: 'ready', evidence, fetchedAt: now }, undefined, now), / · last requested 3 days ago$/);
  });
});
