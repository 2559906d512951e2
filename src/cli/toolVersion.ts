import { promises as fs } from 'node:fs';
import * as path from 'node:path';

/**
 * The package version for SARIF's tool.driver. The bundle (dist/cli.js) sits one folder below
 * package.json, this source file (run by tests through tsx) two.
 */
export async function toolVersion(): Promise<string> {
  for (const candidate of [path.resolve(__dirname, '../package.json'), path.resolve(__dirname, '../../package.json')]) {
    const text = await fs.readFile(candidate, 'utf8').catch(() => undefined);
    try {
      const json = text ? (JSON.parse(text) as { name?: string; version?: string }) : undefined;
      if (json?.name === 'flaglens' && json.version) return json.version;
    } catch {
      // Not our manifest; try the next.
    }
  }
  return '0.0.0';
}
