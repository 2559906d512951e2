import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { Project, ts, type CompilerOptions } from 'ts-morph';
import { describeError, throwIfAborted } from '../errors';
import { silentLogger, type Logger } from '../log';
import { discoverFiles, skippedDirectories } from '../references/discover';
import { OverlayFileSystem } from '../references/overlayFileSystem';

/** Options used when the workspace has no tsconfig.json: strict, modern, JSX preserved. */
const defaultCompilerOptions: CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  jsx: ts.JsxEmit.Preserve,
  strict: true,
  skipLibCheck: true,
  allowJs: true,
  noEmit: true,
  esModuleInterop: true,
  resolveJsonModule: true,
};

/** The same per-file cap as the scripts the cleanup reads; beyond a total, more declarations only cost memory. */
const maxDeclarationFileBytes = 4 * 1024 * 1024;
const maxDeclarationBytes = 64 * 1024 * 1024;

/** Ambient declaration files (`*.d.ts`) under the root: they shape types, so verification needs them. */
async function findDeclarationFiles(root: string, logger: Logger, signal?: AbortSignal): Promise<string[]> {
  const out: string[] = [];
  let total = 0;
  const admit = async (file: string): Promise<void> => {
    const size = (await fs.stat(file).catch(() => undefined))?.size ?? 0;
    if (size > maxDeclarationFileBytes || total + size > maxDeclarationBytes) {
      logger.warn(`Skipped ${file} for the cleanup's type check: ${size > maxDeclarationFileBytes ? 'larger than 4 MB' : 'the declaration files passed 64 MB in all'}.`);
      return;
    }
    total += size;
    out.push(file);
  };
  const walk = async (dir: string): Promise<void> => {
    throwIfAborted(signal);
    let entries;
    try {
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const full = `${dir}/${entry.name}`;
      if (entry.isDirectory() && !skippedDirectories.has(entry.name)) await walk(full);
      else if (entry.isFile() && /\.d\.(c|m)?ts$/.test(entry.name)) await admit(full);
    }
  };
  await walk(root);
  return out.sort();
}

/**
 * A type-aware project over the workspace's scripts, with the workspace's own compiler options when
 * it has a tsconfig.json. Cleanup is rare and must be right, so it pays for full type information.
 */
export async function createAnalysisProject(root: string, options: { logger?: Logger; signal?: AbortSignal } = {}): Promise<Project> {
  const logger = options.logger ?? silentLogger;
  const tsconfig = path.posix.join(root, 'tsconfig.json');
  // Read-only, and never reads a FIFO, device or huge file (the tsconfig, what it `extends`, imported modules).
  const fileSystem = new OverlayFileSystem();
  let project: Project | undefined;
  if (fileSystem.fileExistsSync(tsconfig)) {
    try {
      project = new Project({ tsConfigFilePath: tsconfig, skipAddingFilesFromTsConfig: true, compilerOptions: { noEmit: true }, fileSystem });
    } catch (error) {
      // A broken tsconfig must not block the cleanup; verification then runs with strict defaults.
      logger.warn(`Cannot use ${tsconfig} (${describeError(error)}); checking with default compiler options.`);
    }
  }
  project ??= new Project({ compilerOptions: defaultCompilerOptions, fileSystem });
  const discovery = await discoverFiles({ root, exclude: [], maxFileBytes: 4 * 1024 * 1024, logger, ...(options.signal ? { signal: options.signal } : {}) });
  for (const { file } of discovery.scripts) project.addSourceFileAtPath(file);
  for (const file of await findDeclarationFiles(root, logger, options.signal)) project.addSourceFileAtPath(file);
  return project;
}
