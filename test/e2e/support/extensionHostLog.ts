import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Every extension host log under a user-data dir (code-server writes `logs/<session>/exthost1/remoteexthost.log`). */
export function findExtensionHostLogs(userDataDir: string): string[] {
  const logsDir = join(userDataDir, 'logs');
  if (!existsSync(logsDir)) return [];
  const found: string[] = [];
  const walk = (dir: string, insideExthost: boolean) => {
    for (const entry of readdirSync(dir)) {
      const path = join(dir, entry);
      const isExthost = insideExthost || /exthost/i.test(entry);
      if (statSync(path).isDirectory()) walk(path, isExthost);
      else if (entry.endsWith('.log') && /exthost/i.test(entry)) found.push(path);
    }
  };
  walk(logsDir, false);
  return found.sort();
}

export function readExtensionHostLog(userDataDir: string): string {
  return findExtensionHostLogs(userDataDir)
    .map((file) => `# ${file}\n${readFileSync(file, 'utf8')}`)
    .join('\n');
}

/**
 * Error lines that belong to our extension: failed activation, and errors the host attributes to it
 * (its id or its install folder in the message or stack).
 */
export function extensionErrors(log: string, extensionId: string, installFolderName: string): string[] {
  const lines = log.split('\n');
  const errors: string[] = [];
  const id = extensionId.toLowerCase();
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const lower = line.toLowerCase();
    const activationFailed = lower.includes(`activating extension '${id}' failed`) || lower.includes(`activating extension ${id} failed`);
    const isError = /\[error\]/i.test(line);
    if (activationFailed || (isError && (lower.includes(id) || line.includes(installFolderName)))) {
      // Keep the message and stack lines that follow (until the next timestamped line).
      const following: string[] = [];
      for (let j = i + 1; j < lines.length && j < i + 12 && !/^\d{4}-\d\d-\d\d /.test(lines[j]!); j++) following.push(lines[j]!);
      const next = lines[i + 1] ?? '';
      if (activationFailed && /^\d{4}-\d\d-\d\d .*\[error\]/.test(next)) following.unshift(next);
      errors.push([line, ...following].join('\n'));
    }
  }
  return errors;
}

/** True once the host logged that it activated the extension (or, failing that, loaded its module). */
export function activationLogged(log: string, extensionId: string): boolean {
  const lower = log.toLowerCase();
  return lower.includes(`_doactivateextension ${extensionId.toLowerCase()}`) || lower.includes(`activating extension '${extensionId.toLowerCase()}'`);
}
