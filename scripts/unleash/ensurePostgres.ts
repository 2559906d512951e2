import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { isRoot, run } from './processes';

const postgresRoot = '/usr/lib/postgresql';

function findBinDir(): string | undefined {
  if (existsSync(join(postgresRoot, '15', 'bin', 'initdb'))) return join(postgresRoot, '15', 'bin');
  if (!existsSync(postgresRoot)) return undefined;
  // Another Debian release ships another major; any recent one runs Unleash 6.
  const majors = readdirSync(postgresRoot).filter((name) => /^\d+$/.test(name) && existsSync(join(postgresRoot, name, 'bin', 'initdb')));
  majors.sort((a, b) => Number(b) - Number(a));
  return majors[0] === undefined ? undefined : join(postgresRoot, majors[0], 'bin');
}

/** The PostgreSQL server binaries, installing Debian's `postgresql` package when missing (CI is a fresh root machine). */
export async function ensurePostgres(log: (line: string) => void = () => undefined): Promise<{ binDir: string; installed: boolean; ms: number }> {
  const found = findBinDir();
  if (found) return { binDir: found, installed: false, ms: 0 };
  if (!isRoot()) throw new Error(`PostgreSQL is not installed (${postgresRoot} is empty) and installing it needs root: apt-get install postgresql`);
  const started = Date.now();
  log('installing postgresql with apt-get …');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const install = ['-o', 'DPkg::Lock::Timeout=600', 'install', '-y', '--no-install-recommends', 'postgresql'];
  const first = await run('apt-get', install, { env, allowFailure: true });
  if (first.code !== 0) {
    // A fresh machine may have empty package lists.
    await run('apt-get', ['-o', 'DPkg::Lock::Timeout=600', 'update'], { env });
    await run('apt-get', install, { env });
  }
  const binDir = findBinDir();
  if (!binDir) throw new Error(`apt-get installed postgresql but no initdb is under ${postgresRoot}`);
  const ms = Date.now() - started;
  log(`installed postgresql in ${(ms / 1000).toFixed(1)} s`);
  return { binDir, installed: true, ms };
}
