import { isAscii } from 'node:buffer';
import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as nodeModule from 'node:module';
import * as path from 'node:path';
import * as vm from 'node:vm';

export interface CodeCachedModule {
  readonly exports: unknown;
  /** Whether V8 took its compiled code from the cache (no: there was none yet, or it was for another Node or build). */
  readonly cacheUsed: boolean;
  /**
   * Stores V8's code for every function compiled so far, when the cache was missing, stale, or made
   * by a run less than half as long as this one; a no-op otherwise. Call it once the program has done
   * a typical job, so the parser and analysis are in it, not only start-up. Never throws: a cache
   * that cannot be written is only slower.
   */
  saveCache(): void;
}

export interface CodeCacheOptions {
  /** Where caches live; none: compile without one. Chosen by the user's environment, never by a workspace. */
  cacheDir?: string;
  /** Run the file as the process's main module (`require.main === module` inside it). */
  asMain?: boolean;
}

/** A cache file bigger than this is not one of ours (the CLI's is 4-10 MB): it is not even read. */
const maxCacheBytes = 256 * 1024 * 1024;

function cacheFileOf(file: string, cacheDir: string): string {
  const stat = fs.statSync(file);
  const identity = [fs.realpathSync(file), stat.size, stat.mtimeMs, process.version, process.versions.v8, process.arch].join('\u0000');
  // Named by runtime (VS Code runs the MCP server with Electron's V8, a terminal with Node's): a cache
  // of another runtime is not an old one to prune (see writeCache).
  const runtime = `v8-${process.versions.v8}`.replace(/[^\w.-]/g, '_');
  return path.join(cacheDir, `${path.basename(file)}-${runtime}-${createHash('sha256').update(identity).digest('hex').slice(0, 16)}.v8cache`);
}

/**
 * A cache file is a magic word, a SHA-256 of the rest, how long the program had run when the cache
 * was made (ms, uint32), then V8's data. V8 checks that data was made for this source and V8, but a
 * release build does not checksum it: a byte flipped on disk would run as some other bytecode. The
 * hash turns that into "no cache".
 */
const magic = Buffer.from('FLV8');
const headerBytes = magic.length + 32;
const digestOf = (data: Buffer): Buffer => createHash('sha256').update(data).digest();

interface CacheFile {
  data: Buffer;
  /** How long the run that made it had been going: a cache made by `--version` holds start-up only. */
  madeAfterMs: number;
}

function readCache(cacheFile: string | undefined): CacheFile | undefined {
  if (!cacheFile) return undefined;
  let file: Buffer;
  try {
    const stat = fs.statSync(cacheFile);
    if (!stat.isFile() || stat.size <= headerBytes + 4 || stat.size > maxCacheBytes) return undefined;
    file = fs.readFileSync(cacheFile);
  } catch {
    return undefined;
  }
  const rest = file.subarray(headerBytes);
  const intact = file.subarray(0, magic.length).equals(magic) && file.subarray(magic.length, headerBytes).equals(digestOf(rest));
  return intact ? { madeAfterMs: rest.readUInt32LE(0), data: rest.subarray(4) } : undefined;
}

/**
 * Other builds of the same file on the same runtime whose caches stay beside a new one: two
 * installs used in turn (a global `flaglens` and a project's, two projects on different versions)
 * would otherwise delete each other's cache on every run and never start from one. The least
 * recently used go (a run that uses its cache marks it, see `markUsed`).
 */
const keptOtherBuilds = 2;

/** Replaces the cache file in one rename and drops caches of older builds of the same file on the same runtime, past the most recent few. */
function writeCache(cacheFile: string, data: Buffer, madeAfterMs: number): void {
  const dir = path.dirname(cacheFile);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const temp = `${cacheFile}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    const ran = Buffer.alloc(4);
    ran.writeUInt32LE(Math.min(0xffffffff, Math.max(0, Math.round(madeAfterMs))));
    const rest = Buffer.concat([ran, data]);
    fs.writeFileSync(temp, Buffer.concat([magic, digestOf(rest), rest]), { mode: 0o600, flag: 'wx' });
    fs.renameSync(temp, cacheFile);
  } finally {
    fs.rmSync(temp, { force: true });
  }
  const prefix = path.basename(cacheFile).replace(/-[0-9a-f]{16}\.v8cache$/, '-');
  const others: { file: string; mtimeMs: number }[] = [];
  for (const name of fs.readdirSync(dir)) {
    if (!name.startsWith(prefix) || !name.endsWith('.v8cache') || name === path.basename(cacheFile)) continue;
    try {
      others.push({ file: path.join(dir, name), mtimeMs: fs.statSync(path.join(dir, name)).mtimeMs });
    } catch {
      // Gone meanwhile (another run pruned it).
    }
  }
  // Newest first; what is past the kept builds goes.
  others.sort((a, b) => b.mtimeMs - a.mtimeMs);
  for (const old of others.slice(keptOtherBuilds)) fs.rmSync(old.file, { force: true });
}

/** A cache used now counts as recent for `writeCache`'s pruning: the least recently used build goes, not the one in use. */
function markUsed(cacheFile: string): void {
  try {
    const now = new Date();
    fs.utimesSync(cacheFile, now, now);
  } catch {
    // Pruned meanwhile by another run, or a read-only folder: the cache only ages.
  }
}

/**
 * Loads a CommonJS bundle the way `require` does, but with V8's code cache: the second start of a
 * 10–15 MB bundle (TypeScript and ts-morph inside) skips most of the parsing and compiling that
 * `require` repeats on every start — about half a second here. Node 22 does this itself
 * (`module.enableCompileCache`); Node 20 and the VS Code extension host do not.
 */
export function loadWithCodeCache(file: string, options: CodeCacheOptions = {}): CodeCachedModule {
  let cacheFile: string | undefined;
  try {
    cacheFile = options.cacheDir ? cacheFileOf(file, options.cacheDir) : undefined;
  } catch {
    cacheFile = undefined;
  }
  const cache = readCache(cacheFile);
  const cachedData = cache?.data;
  const loadedAt = performance.now();
  const bytes = fs.readFileSync(file);
  // A bundle is ASCII unless comments kept in a development build are not: decoding ASCII as Latin-1
  // gives V8 the one-byte string it wants at once; UTF-8 decoding took 280 ms for the 17 MB CLI.
  const source = isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
  // As Node's loader: a `#!` line is a comment (kept as one so line numbers stay).
  const body = source.startsWith('#!') ? `//${source.slice(2)}` : source;
  const script = new vm.Script(nodeModule.wrap(body), { filename: file, ...(cachedData ? { cachedData } : {}) });
  const cacheUsed = cachedData !== undefined && !script.cachedDataRejected;
  if (cacheUsed && cacheFile) markUsed(cacheFile);

  const loaded = new nodeModule.Module(file);
  loaded.filename = file;
  const localRequire = nodeModule.createRequire(file);
  if (options.asMain) localRequire.main = loaded;
  const run = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: nodeModule.Module, filename: string, dirname: string) => void;
  run.call(loaded.exports, loaded.exports, localRequire, loaded, file, path.dirname(file));
  loaded.loaded = true;

  let saved = cacheFile === undefined;
  return {
    exports: loaded.exports,
    cacheUsed,
    saveCache: () => {
      if (saved || !cacheFile) return;
      saved = true;
      const ranMs = performance.now() - loadedAt;
      // A cache that fits is kept, unless a far shorter run made it (`flaglens --version` first, a scan now).
      if (cacheUsed && cache && !(ranMs > 1000 && ranMs > 2 * cache.madeAfterMs)) return;
      try {
        writeCache(cacheFile, script.createCachedData(), ranMs);
      } catch {
        // A read-only or full disk: the next start compiles again, nothing else changes.
      }
    },
  };
}
