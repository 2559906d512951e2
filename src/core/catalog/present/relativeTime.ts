const units: [limitSeconds: number, unitSeconds: number, singular: string][] = [
  [3600, 60, 'minute'],
  [86400, 3600, 'hour'],
  [86400 * 30, 86400, 'day'],
  [86400 * 365, 86400 * 30, 'month'],
  [Infinity, 86400 * 365, 'year'],
];

/** "3 days ago" style, as the hover and the status bar show it; clock skew reads as "just now". */
export function relativeTime(date: Date, now: Date): string {
  const seconds = Math.floor((now.getTime() - date.getTime()) / 1000);
  if (Number.isNaN(seconds)) return 'unknown';
  if (seconds < 45) return 'just now';
  if (seconds < 90) return '1 minute ago';
  for (const [limit, unit, name] of units) {
    if (seconds < limit) {
      const count = Math.max(1, Math.round(seconds / unit));
      if (name === 'day' && count === 1) return 'yesterday';
      return `${count} ${name}${count === 1 ? '' : 's'} ago`;
    }
  }
  return 'long ago';
}
