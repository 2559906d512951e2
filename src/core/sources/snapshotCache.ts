import { createHash, randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { describeError, FlagLensError } from '../errors';
import { silentLogger, type Logger } from '../log';
import { readTextFile } from '../util/textFiles';
import type { EnvironmentState, FlagDefinition, FlagSnapshot } from './model';

const cacheFormatVersion = 1;
/** Twice the largest reply a source accepts (http.ts caps bodies at 50 MB); anything bigger is not ours. */
const maxCacheFileBytes = 100 * 1024 * 1024;

interface CacheFile {
  version: number;
  snapshot: FlagSnapshot;
}

/**
 * The last good snapshot of each source, so the editor shows state instantly on startup and while
 * offline. The directory is per workspace (the extension passes its workspace storage), the file per
 * source id. Writes are atomic so a crash mid-write never leaves a half file behind.
 */
export class SnapshotCache {
  constructor(
    readonly dir: string,
    private readonly logger: Logger = silentLogger,
  ) {}

  fileFor(sourceId: string): string {
    const readable = sourceId.replace(/[^\w.-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'source';
    const hash = createHash('sha256').update(sourceId).digest('hex').slice(0, 12);
    return path.join(this.dir, `${readable}-${hash}.json`);
  }

  async read(sourceId: string): Promise<FlagSnapshot | undefined> {
    const file = this.fileFor(sourceId);
    let text: string;
    try {
      // Refuses a FIFO or device planted where the cache file belongs instead of blocking on it.
      text = await readTextFile(file, { maxBytes: maxCacheFileBytes });
    } catch (error) {
      if (!FlagLensError.is(error, 'notFound')) this.logger.warn(`Snapshot cache ${file} unreadable: ${describeError(error)}`);
      return undefined;
    }
    try {
      const parsed = JSON.parse(text) as Partial<CacheFile>;
      if (parsed.version !== cacheFormatVersion) {
        this.logger.info(`Snapshot cache ${file} has format ${String(parsed.version)}; ignoring it.`);
        return undefined;
      }
      const snapshot = reviveSnapshot(parsed.snapshot);
      if (snapshot.sourceId !== sourceId) throw new Error(`it belongs to '${snapshot.sourceId}'`);
      return { ...snapshot, fromCache: true };
    } catch (error) {
      this.logger.warn(`Snapshot cache ${file} is corrupt and was ignored: ${describeError(error)}`);
      return undefined;
    }
  }

  async write(snapshot: FlagSnapshot): Promise<void> {
    const file = this.fileFor(snapshot.sourceId);
    await fs.mkdir(this.dir, { recursive: true });
    const { fromCache: _fromCache, ...fresh } = snapshot;
    const body: CacheFile = { version: cacheFormatVersion, snapshot: fresh };
    const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    try {
      await fs.writeFile(temp, JSON.stringify(body), 'utf8');
      await fs.rename(temp, file);
    } catch (error) {
      await fs.rm(temp, { force: true });
      throw error;
    }
  }
}

function reviveSnapshot(raw: unknown): FlagSnapshot {
  if (!isRecord(raw) || typeof raw.sourceId !== 'string' || !Array.isArray(raw.flags) || !Array.isArray(raw.environments)) {
    throw new Error('it is not a flag snapshot');
  }
  // Dates are revived by position, never by "looks like an ISO string": a variation's value may be one.
  const flags = (raw.flags as unknown[]).map((flag): FlagDefinition => {
    if (!isRecord(flag) || typeof flag.key !== 'string' || !isRecord(flag.environments)) throw new Error('a flag entry is malformed');
    const environments: Record<string, EnvironmentState> = {};
    for (const [key, state] of Object.entries(flag.environments)) {
      if (!isRecord(state)) throw new Error(`flag '${flag.key}' has a malformed environment`);
      const revived = { ...(state as unknown as EnvironmentState) };
      reviveField(revived, 'lastModified');
      reviveField(revived, 'lastEvaluated');
      environments[key] = revived;
    }
    const revived = { ...(flag as unknown as FlagDefinition), environments };
    reviveField(revived, 'createdAt');
    reviveField(revived, 'lastModified');
    return revived;
  });
  const fetchedAt = toDate(raw.fetchedAt);
  if (!fetchedAt) throw new Error('it has no fetch time');
  return { ...(raw as unknown as FlagSnapshot), flags, fetchedAt };
}

/** Turns a serialized date back into a Date, keeping `null` (meaningful: "never") and dropping garbage. */
function reviveField<T extends object>(target: T, field: keyof T & string): void {
  const record = target as Record<string, unknown>;
  const value = record[field];
  if (value === undefined || value === null) return;
  const date = toDate(value);
  if (date) record[field] = date;
  else delete record[field];
}

function toDate(value: unknown): Date | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
