import { spawnSync } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { asPostgres, freePort, isRoot, run } from './processes';

export interface PostgresCluster {
  port: number;
  user: string;
  password: string;
  database: string;
  /** Stops the server and removes the cluster's temp folder. */
  stop(): Promise<void>;
  /** Same, synchronously, for `process.on('exit')` when the suite dies without teardown. */
  stopSync(): void;
}

function postgresIds(): { uid: number; gid: number } {
  const uid = Number(spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).stdout.trim());
  const gid = Number(spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).stdout.trim());
  if (!Number.isInteger(uid) || !Number.isInteger(gid) || uid <= 0) throw new Error('the postgres system user is missing (it comes with the postgresql package)');
  return { uid, gid };
}

/**
 * A throwaway cluster in a temp folder: trust auth on 127.0.0.1 and a private socket folder, so it
 * never touches the machine's own PostgreSQL service or its port.
 */
export async function startPostgresCluster(binDir: string): Promise<PostgresCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'flaglens-pg-'));
  const dataDir = join(dir, 'data');
  if (isRoot()) {
    const { uid, gid } = postgresIds();
    chownSync(dir, uid, gid);
  }
  const cwd = dir; // postgres may not be allowed into the caller's folder
  const port = await freePort();
  const pgCtl = join(binDir, 'pg_ctl');
  let started = false;
  const stopArgs = ['-D', dataDir, '-m', 'fast', '-w', 'stop'];
  const cleanup = (): void => rmSync(dir, { recursive: true, force: true });
  try {
    await run(...asPostgres(join(binDir, 'initdb'), ['-D', dataDir, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--locale=C', '--no-sync']), { cwd });
    await run(
      ...asPostgres(pgCtl, ['-D', dataDir, '-l', join(dir, 'postgres.log'), '-w', '-t', '120', '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off`, 'start']),
      { cwd },
    );
    started = true;
    await run(
      ...asPostgres(join(binDir, 'psql'), ['-h', dir, '-p', String(port), '-U', 'postgres', '-d', 'postgres', '-v', 'ON_ERROR_STOP=1', '-q', '-c', "CREATE USER unleash WITH PASSWORD 'unleash'", '-c', 'CREATE DATABASE unleash OWNER unleash']),
      { cwd },
    );
  } catch (error) {
    if (started) await run(...asPostgres(pgCtl, stopArgs), { cwd, allowFailure: true });
    cleanup();
    throw error;
  }
  let stopped = false;
  return {
    port,
    user: 'unleash',
    password: 'unleash',
    database: 'unleash',
    async stop() {
      if (stopped) return;
      stopped = true;
      await run(...asPostgres(pgCtl, stopArgs), { cwd, allowFailure: true });
      cleanup();
    },
    stopSync() {
      if (stopped) return;
      stopped = true;
      const [command, args] = asPostgres(pgCtl, ['-D', dataDir, '-m', 'immediate', 'stop']);
      spawnSync(command, args, { cwd, stdio: 'ignore' });
      cleanup();
    },
  };
}
