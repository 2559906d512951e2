import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Logger } from '../../../src/core/log';

/** The OpenFeature web SDK as far as the cleanup tests need it: enough for the compiler to check a plan. */
export const openFeatureSdkStub = `declare module '@openfeature/web-sdk' {
  export interface Client { getBooleanValue(key: string, defaultValue: boolean): boolean }
  export const OpenFeature: { getClient(): Client };
}
`;

/** A strict ESNext project's tsconfig.json, with any extra compiler options. */
export function strictTsconfig(extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'ESNext', moduleResolution: 'Bundler', strict: true, ...extra, noEmit: true } });
}

/** A logger that keeps every line, so a test can read what the cleanup said. */
export function recordingLogger(lines: string[]): Logger {
  const push = (m: unknown) => lines.push(String(m));
  return { trace: push, debug: push, info: push, warn: push, error: push };
}

/**
 * A temporary project (POSIX path) with `src/` and the SDK stub; its tsconfig.json when given.
 * The caller removes it.
 */
export async function openFeatureProject(prefix: string, tsconfig?: string): Promise<string> {
  const root = (await fs.mkdtemp(path.join(os.tmpdir(), prefix))).split(path.sep).join('/');
  await fs.mkdir(`${root}/src`);
  await fs.writeFile(`${root}/sdk.d.ts`, openFeatureSdkStub);
  if (tsconfig !== undefined) await fs.writeFile(`${root}/tsconfig.json`, tsconfig);
  return root;
}
