import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensurePostgres } from './ensurePostgres';
import { ensureUnleashInstalled } from './ensureUnleashInstalled';
import { startPostgresCluster, type PostgresCluster } from './postgresCluster';
import { freePort } from './processes';
import { startUnleashProcess, type UnleashProcess } from './unleashProcess';

export interface HarnessTimings {
  unleashInstallMs: number;
  postgresInstallMs: number;
  postgresStartMs: number;
  /** First start, including the schema migrations. */
  unleashStartMs: number;
}

export interface UnleashHarness {
  readonly url: string;
  /** `*:*.<hex>` admin token created at startup (tokens are only seeded into an empty table). */
  readonly adminToken: string;
  /** `default:development.<hex>` client token, for `POST /api/client/metrics`. */
  readonly clientToken: string;
  readonly timings: HarnessTimings;
  /** Stops only the Unleash process (a real outage); the database stays. */
  stopServer(): Promise<void>;
  /** Starts Unleash again on the same URL after `stopServer`. */
  startServer(): Promise<void>;
  /** Stops everything and removes every temp folder. */
  stop(): Promise<void>;
}

/**
 * Everything the Unleash integration suite needs, from nothing: unleash-server in the git-ignored
 * cache, Debian PostgreSQL, a throwaway cluster, and Unleash bound to 127.0.0.1 on a free port.
 */
export async function startUnleashHarness(log: (line: string) => void = () => undefined): Promise<UnleashHarness> {
  const [unleash, postgres] = await Promise.all([ensureUnleashInstalled(log), ensurePostgres(log)]);
  const workDir = mkdtempSync(join(tmpdir(), 'flaglens-unleash-'));
  let cluster: PostgresCluster | undefined;
  let server: UnleashProcess | undefined;
  const emergencyStop = (): void => {
    server?.kill();
    cluster?.stopSync();
    rmSync(workDir, { recursive: true, force: true });
  };
  process.on('exit', emergencyStop);
  try {
    let started = Date.now();
    cluster = await startPostgresCluster(postgres.binDir);
    const postgresStartMs = Date.now() - started;
    const port = await freePort();
    const adminToken = `*:*.${randomBytes(24).toString('hex')}`;
    const clientToken = `default:development.${randomBytes(24).toString('hex')}`;
    const processOptions = {
      modulePath: unleash.modulePath,
      port,
      database: { host: '127.0.0.1', port: cluster.port, user: cluster.user, password: cluster.password, database: cluster.database },
      adminToken,
      clientToken,
      logFile: join(workDir, 'unleash.log'),
    };
    started = Date.now();
    server = await startUnleashProcess(processOptions);
    const unleashStartMs = Date.now() - started;
    const timings: HarnessTimings = { unleashInstallMs: unleash.ms, postgresInstallMs: postgres.ms, postgresStartMs, unleashStartMs };
    log(`postgres ready in ${(postgresStartMs / 1000).toFixed(1)} s, unleash ready in ${(unleashStartMs / 1000).toFixed(1)} s at ${server.url}`);
    const url = server.url;
    return {
      url,
      adminToken,
      clientToken,
      timings,
      async stopServer() {
        await server?.stop();
      },
      async startServer() {
        await server?.stop();
        server = await startUnleashProcess(processOptions);
      },
      async stop() {
        await server?.stop();
        await cluster?.stop();
        rmSync(workDir, { recursive: true, force: true });
        process.off('exit', emergencyStop);
      },
    };
  } catch (error) {
    emergencyStop();
    process.off('exit', emergencyStop);
    throw error;
  }
}
