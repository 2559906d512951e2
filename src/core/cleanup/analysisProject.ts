import { promises as fs } from 'node:fs';
import * as path from 'node:path';
// eslint-disable-next-line @typescript-eslint/no-restricted-imports -- only FileNotFoundError is read (not exported by name in ts-morph's types)
import * as tsMorph from 'ts-morph';
import { Project, type CompilerOptions, type ResolutionHostFactory } from 'ts-morph';
import { ts } from '../util/typescript';
import { describeError, throwIfAborted } from '../errors';
import { silentLogger, type Logger } from '../log';
import { discoverFiles, skippedDirectories } from '../references/discover';
import { OverlayFileSystem } from '../references/overlayFileSystem';
import { WorkspaceGraph } from './workspaceGraph';
import { lazy } from '../util/lazy';

/** Options used when the workspace has no tsconfig.json: strict, modern, JSX preserved. */
const defaultCompilerOptions = lazy((): CompilerOptions => ({
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
}));

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
 * The real file system as the cleanup's compiler sees it: the workspace's scripts come from the
 * texts already read, and a file that is missing (a `/// <reference path>` to nowhere) is reported
 * the way ts-morph expects, so the program simply goes without it.
 */
class CleanupFileSystem extends OverlayFileSystem {
  // One cleanup asks about the same paths again and again: every program looks up the package.json
  // scope of each of its files (stat and read of package.json in every folder above it, with no
  // cache when the resolution is our own), and the programs of plan and verification resolve the
  // same modules. The workspace is read-only meanwhile, so each answer is asked of the disk once.
  private readonly files = new Map<string, boolean>();
  private readonly directories = new Map<string, boolean>();
  private readonly realpaths = new Map<string, string>();
  private readonly packageTexts = new Map<string, string>();

  override readFileSync(filePath: string, encoding?: BufferEncoding): string {
    const known = this.packageTexts.get(filePath);
    if (known !== undefined) return known;
    try {
      const text = super.readFileSync(filePath, encoding);
      if (filePath.endsWith('/package.json')) this.packageTexts.set(filePath, text);
      return text;
    } catch (error) {
      throw asFileNotFound(filePath, error);
    }
  }

  override fileExistsSync(filePath: string): boolean {
    if (this.overlays.has(filePath)) return true;
    let exists = this.files.get(filePath);
    if (exists === undefined) this.files.set(filePath, (exists = super.fileExistsSync(filePath)));
    return exists;
  }

  override directoryExistsSync(dirPath: string): boolean {
    let exists = this.directories.get(dirPath);
    if (exists === undefined) this.directories.set(dirPath, (exists = super.directoryExistsSync(dirPath)));
    return exists;
  }

  override realpathSync(filePath: string): string {
    let real = this.realpaths.get(filePath);
    if (real === undefined) this.realpaths.set(filePath, (real = super.realpathSync(filePath)));
    return real;
  }

  override async readFile(filePath: string, encoding?: BufferEncoding): Promise<string> {
    return this.readFileSync(filePath, encoding);
  }
}

/** ts-morph tells "no such file" from other failures by this class; its typings declare it without exporting it. */
const fileNotFoundError = lazy(() => (tsMorph as unknown as { FileNotFoundError: new (filePath: string) => Error }).FileNotFoundError);

function asFileNotFound(filePath: string, error: unknown): unknown {
  const code = (error as { code?: unknown }).code;
  if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR') return new (fileNotFoundError())(filePath);
  return error;
}

/** The workspace one cleanup works in, read once; projects over parts of it are made on demand. */
export interface AnalysisWorkspace {
  graph: WorkspaceGraph;
  /** Ambient declaration files under the root: they shape types, so every project includes them. */
  declarationFiles: readonly string[];
  fileSystem: OverlayFileSystem;
  /**
   * A type-aware project holding `files` and the declaration files. The compiler loads what the
   * `deep` files import, as far as it goes (their types must be exact); the others only see the
   * modules among `files` and `deep` (they are there for their import declarations, and loading
   * everything they import would bring in most of an application).
   */
  createProject(files: ReadonlySet<string>, deep: ReadonlySet<string>): Project;
  /** Whether a project made by `createProject(files, deep)` hides `target` from `importer`. */
  hides(files: ReadonlySet<string>, deep: ReadonlySet<string>, importer: string, target: string): boolean;
}

/**
 * Reads the workspace's scripts once and answers for projects with the workspace's own compiler
 * options when it has a tsconfig.json. Cleanup must be right, so its projects pay for full type
 * information, but only over the files the change can reach (see cleanupScope.ts).
 */
export async function openAnalysisWorkspace(root: string, options: { logger?: Logger; signal?: AbortSignal } = {}): Promise<AnalysisWorkspace> {
  const logger = options.logger ?? silentLogger;
  const tsconfig = path.posix.join(root, 'tsconfig.json');
  // Read-only, and never reads a FIFO, device or huge file (the tsconfig, what it `extends`, imported modules).
  const fileSystem = new CleanupFileSystem();
  let useTsconfig = false;
  const newProject = (resolutionHost?: ResolutionHostFactory): Project => {
    const resolution = resolutionHost ? { resolutionHost } : {};
    // The index finds references in .js/.jsx files whatever the tsconfig says; without allowJs the
    // compiler would not hold them, and rewriting them would fail. checkJs stays as configured.
    if (useTsconfig) return new Project({ tsConfigFilePath: tsconfig, skipAddingFilesFromTsConfig: true, compilerOptions: { noEmit: true, allowJs: true }, fileSystem, ...resolution });
    return new Project({ compilerOptions: defaultCompilerOptions(), fileSystem, ...resolution });
  };
  if (fileSystem.fileExistsSync(tsconfig)) {
    try {
      useTsconfig = true;
      newProject();
    } catch (error) {
      // A broken tsconfig must not block the cleanup; verification then runs with strict defaults.
      useTsconfig = false;
      logger.warn(`Cannot use ${tsconfig} (${describeError(error)}); checking with default compiler options.`);
    }
  }
  const signal = options.signal ? { signal: options.signal } : {};
  const discovery = await discoverFiles({ root, exclude: [], maxFileBytes: 4 * 1024 * 1024, logger, ...signal });
  const compilerOptions = newProject().getCompilerOptions();
  const graph = await WorkspaceGraph.build({ root, scripts: discovery.scripts.map((s) => s.file), packageFiles: discovery.projectFiles, compilerOptions, fileSystem, logger, ...signal });
  // The compiler reads the scripts it pulls in from these texts instead of the disk again.
  for (const [file, text] of graph.texts) fileSystem.overlays.set(file, text);
  const declarationFiles = await findDeclarationFiles(root, logger, options.signal);
  return {
    graph,
    declarationFiles,
    fileSystem,
    hides(files, deep, importer, target) {
      return files.has(importer) && !deep.has(importer) && !files.has(target) && !deep.has(target);
    },
    createProject(files, deep) {
      const visible = (file: string) => files.has(file) || deep.has(file);
      const project = newProject(() => ({
        resolveModuleNames: (moduleNames, containingFile, _reused, _redirected, _options, containingSourceFile) =>
          moduleNames.map((name) => {
            const resolved = graph.resolveModule(name, containingFile, containingSourceFile ? graph.modeOf(containingSourceFile, name) : undefined).resolvedModule;
            if (!resolved || deep.has(containingFile) || !files.has(containingFile)) return resolved;
            return visible(resolved.resolvedFileName) ? resolved : undefined;
          }),
      }));
      const wanted = new Set([...files].filter((f) => graph.texts.has(f)));
      for (const file of declarationFiles) wanted.add(file);
      for (const file of [...wanted].sort()) project.addSourceFileAtPath(file);
      return project;
    },
  };
}
