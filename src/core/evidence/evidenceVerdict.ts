import { formatPercent } from '../catalog/present/servingText';
import { formatCount, windowLabel } from './evidenceText';
import { dayMs, type EnvironmentEvidence, type EvaluationWindow } from './model';

/*
 * What the stale rules may conclude from real counts. Plain text (the rules' evidence lines are
 * escaped by whichever surface shows them); vendor names appear only as variation names.
 */

export type CountVerdict = { inactive: true; evidence: string } | { inactive: false; reason: string };

/**
 * `inactive` from counts: zero evaluations over a window at least `days` long proves it; any
 * evaluation in any window disproves it. A window shorter than the threshold with zero counts
 * proves nothing (undefined), and neither does a source without counts.
 */
export function inactivityFromCounts(evidence: EnvironmentEvidence | undefined, days: number): CountVerdict | undefined {
  const windows = [evidence?.evaluations, evidence?.lastDay].filter((window): window is EvaluationWindow => !!window);
  const counted = windows.find((window) => window.total > 0);
  if (counted) return { inactive: false, reason: `${formatCount(counted.total)} evaluations in the last ${windowLabel(counted)}` };
  const longEnough = windows.find((window) => window.until.getTime() - window.since.getTime() >= days * dayMs - 60_000);
  if (longEnough) return { inactive: true, evidence: `no evaluations in the last ${windowLabel(longEnough)} (counted by the source)` };
  return undefined;
}

/** `observed on 100% of 9,120 in the last 24 h`: what a `released` finding can show beside the configured 100 %. */
export function observedShareText(evidence: EnvironmentEvidence | undefined, variation: string): string | undefined {
  const window = evidence?.lastDay && evidence.lastDay.total > 0 ? evidence.lastDay : evidence?.evaluations;
  if (!window || window.total <= 0) return undefined;
  const count = Object.prototype.hasOwnProperty.call(window.byVariation, variation) ? window.byVariation[variation]! : 0;
  return `observed ${variation} ${formatPercent((count / window.total) * 100)}% of ${formatCount(window.total)} in the last ${windowLabel(window)}`;
}
