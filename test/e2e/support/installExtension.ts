import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './paths';

export interface ExtensionManifest {
  name: string;
  publisher: string;
  version: string;
}

export function readManifest(): ExtensionManifest {
  return JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as ExtensionManifest;
}

export function extensionId(manifest: ExtensionManifest = readManifest()): string {
  return `${manifest.publisher}.${manifest.name}`;
}

/** Builds and installs the extension unpacked (scripts/e2e/installExtension.mjs, shared with `npm run demo`). */
export function buildAndInstall(extensionsDir: string): string {
  const result = spawnSync(process.execPath, [join(repoRoot, 'scripts', 'e2e', 'installExtension.mjs'), extensionsDir], { cwd: repoRoot, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`installing the extension failed (exit ${result.status ?? result.signal}):\n${result.stdout}${result.stderr}`);
  return result.stdout.trim().split('\n').pop()!;
}
