import { createHash } from 'node:crypto';

/** A line with all whitespace removed: re-indentation and re-wrapping spaces do not count as changes. */
export function normalizeLine(line: string): string {
  return line.replace(/\s+/g, '');
}

/** Short, stable name for a line, so results can be stored without the repository's code. */
export function lineHash(normalized: string): string {
  return createHash('sha1').update(normalized).digest('hex').slice(0, 12);
}

/**
 * What a change did to one file, as a signed multiset of normalized lines: +n for a line that lost
 * n copies, −n for one that gained n. Blank lines are ignored. `null` is a missing file.
 */
export function netChange(before: string | null, after: string | null): Map<string, number> {
  const net = new Map<string, number>();
  const add = (text: string | null, sign: 1 | -1) => {
    if (text === null) return;
    for (const raw of text.split(/\r?\n/)) {
      const line = normalizeLine(raw);
      if (line === '') continue;
      net.set(line, (net.get(line) ?? 0) + sign);
    }
  };
  add(before, 1);
  add(after, -1);
  for (const [line, count] of net) if (count === 0) net.delete(line);
  return net;
}

export interface LineScore {
  /** Lines the tool changed the way the people did (same line, same direction). */
  matched: number;
  toolTotal: number;
  peopleTotal: number;
  /** Hashes of the people's line changes the tool did not make (`-` prefix: a line they added). */
  missed: string[];
  /** Hashes of line changes the tool made that the people did not. */
  extra: string[];
}

function total(net: ReadonlyMap<string, number>): number {
  let sum = 0;
  for (const count of net.values()) sum += Math.abs(count);
  return sum;
}

function signedHash(line: string, count: number): string {
  return (count < 0 ? '-' : '') + lineHash(line);
}

/** Compares the tool's net change of a file with the people's. */
export function scoreFile(tool: ReadonlyMap<string, number>, people: ReadonlyMap<string, number>): LineScore {
  let matched = 0;
  const missed: string[] = [];
  const extra: string[] = [];
  for (const [line, p] of people) {
    const t = tool.get(line) ?? 0;
    const common = Math.sign(t) === Math.sign(p) ? Math.min(Math.abs(t), Math.abs(p)) : 0;
    matched += common;
    for (let i = common; i < Math.abs(p); i++) missed.push(signedHash(line, p));
  }
  for (const [line, t] of tool) {
    const p = people.get(line) ?? 0;
    const common = Math.sign(t) === Math.sign(p) ? Math.min(Math.abs(t), Math.abs(p)) : 0;
    for (let i = common; i < Math.abs(t); i++) extra.push(signedHash(line, t));
  }
  return { matched, toolTotal: total(tool), peopleTotal: total(people), missed, extra };
}

/** Ratio for a table: undefined when there is nothing to divide by. */
export function ratio(numerator: number, denominator: number): number | undefined {
  return denominator === 0 ? undefined : numerator / denominator;
}
