import { escapeMarkdown } from '../catalog/present/markdown';
import { relativeTime } from '../catalog/present/relativeTime';
import { formatPercent } from '../catalog/present/servingText';
import type { Serving, SplitPart } from '../sources/model';
import { dayMs, hourMs, type EvaluationWindow, type EvidenceState } from './model';

/*
 * Evidence for the hover, as Markdown. Numbers and bars are Flag Lens's own; every name that came
 * from a vendor (variation, environment, a server's message inside a reason) is escaped.
 */

const blocks = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
/** Wider than this and the sparkline stops being a glance; longer series are summed pairwise. */
const maxSparkWidth = 24;

/** `▁▂▄▆█▇▅`: one block per value, scaled to the largest; zero is the lowest block, and any count above zero is visibly above it. */
export function sparkline(values: readonly number[]): string {
  const clean = values.map((value) => (Number.isFinite(value) && value > 0 ? value : 0));
  const max = Math.max(0, ...clean);
  return clean
    .map((value) => {
      if (max === 0 || value === 0) return blocks[0];
      return blocks[Math.max(1, Math.round((value / max) * (blocks.length - 1)))];
    })
    .join('');
}

/** Adjacent values summed until the series fits `width` (48 hours → 24 two-hour bars). */
export function compressSeries(values: readonly number[], width = maxSparkWidth): number[] {
  let current = [...values];
  while (current.length > width) {
    const next: number[] = [];
    for (let i = 0; i < current.length; i += 2) next.push(current[i]! + (current[i + 1] ?? 0));
    current = next;
  }
  return current;
}

/** `12,408`: grouped the same way whatever the machine's locale, like every other number in the hover. */
export function formatCount(count: number): string {
  return Math.round(count).toLocaleString('en-US');
}

/** `24 h`, `48 h`, `7 d`: the window's length as people say it. */
export function windowLabel(window: EvaluationWindow): string {
  const ms = window.until.getTime() - window.since.getTime();
  if (ms >= 2 * dayMs + hourMs) return `${Math.round(ms / dayMs)} d`;
  return `${Math.round(ms / hourMs)} h`;
}

/**
 * One line of evidence for one environment (without its name, which the hover line before it
 * shows): `24 h: 12,408 · 7 d: 80,112 ▁▂▄▆█▇▅ · configured on 25% · observed on 24.1% of 12,408`,
 * or `no evidence: <why>`.
 */
export function evidenceLine(state: EvidenceState, serving: Serving | undefined, now: Date): string {
  if (state.state === 'unavailable') return escapeMarkdown(state.reason);
  const evidence = state.evidence;
  const longest = evidence.evaluations;
  if (!longest) return escapeMarkdown(evidence.note ? `no evidence: ${evidence.note}` : 'no evidence: the source has no evaluation counts');
  const parts: string[] = [];
  const day = evidence.lastDay;
  if (day && windowLabel(day) !== windowLabel(longest)) parts.push(`${windowLabel(day)}: ${formatCount(day.total)}`);
  const spark = longest.series && longest.series.length > 1 ? ` ${sparkline(compressSeries(longest.series.map((point) => point.total)))}` : '';
  parts.push(`${windowLabel(longest)}: ${formatCount(longest.total)}${spark}`);
  // The split over the most recent window with counts: a ramp changed a day ago shows its new share.
  const observed = day && day.total > 0 ? day : longest;
  const comparison = splitComparison(serving, observed);
  if (comparison) parts.push(comparison);
  if (evidence.lastRequested) parts.push(`last requested ${relativeTime(evidence.lastRequested, now)}`);
  if (evidence.note) parts.push(`_${escapeMarkdown(evidence.note)}_`);
  return parts.join(' · ');
}

/**
 * `configured on 25% · observed on 24.1% of 12,408` for each part of a split (or the one variation
 * a released flag serves to everyone: `configured on 100% · observed on 100% of 9,120`). Nothing for
 * rules (their traffic is not a split of the whole) or a window without counts.
 */
export function splitComparison(serving: Serving | undefined, window: EvaluationWindow): string | undefined {
  if (!serving || window.total <= 0) return undefined;
  let parts: SplitPart[];
  if (serving.type === 'split') parts = serving.split;
  else if (serving.type === 'variation' && serving.variation !== '') parts = [{ variation: serving.variation, percent: 100 }];
  else return undefined;
  // The configured `on` of an on/off split is the one people ramp; other splits show every part.
  const shown = parts.some((part) => part.variation === 'on') && parts.every((part) => part.variation === 'on' || part.variation === 'off') ? parts.filter((part) => part.variation === 'on') : parts;
  const configured = shown.map((part) => `${escapeMarkdown(part.variation)} ${formatPercent(part.percent)}%`).join(', ');
  const observed = shown.map((part) => `${escapeMarkdown(part.variation)} ${formatPercent((countOf(window, part.variation) / window.total) * 100)}%`).join(', ');
  return `configured ${configured} · observed ${observed} of ${formatCount(window.total)}`;
}

function countOf(window: EvaluationWindow, variation: string): number {
  return Object.prototype.hasOwnProperty.call(window.byVariation, variation) ? window.byVariation[variation]! : 0;
}
