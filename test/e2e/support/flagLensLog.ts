import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Every "Flag Lens" output channel log under a user-data dir (one per extension host, i.e. per window). */
export function readFlagLensLogs(userDataDir: string): { file: string; text: string }[] {
  const logsDir = join(userDataDir, 'logs');
  if (!existsSync(logsDir)) return [];
  const found: { file: string; text: string }[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir)) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) walk(path);
      else if (entry.endsWith('Flag Lens.log')) found.push({ file: path, text: readFileSync(path, 'utf8') });
    }
  };
  walk(logsDir);
  return found.sort((a, b) => a.file.localeCompare(b.file));
}

/** The one log whose lines mention `marker` (a folder name unique to a test). */
export function flagLensLogMentioning(userDataDir: string, marker: string): string | undefined {
  return readFlagLensLogs(userDataDir).find((log) => log.text.includes(marker))?.text;
}
