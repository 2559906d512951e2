import { Node, type Project, type ts } from 'ts-morph';
import { importSitesIn, type ImportSite, type WorkspaceGraph } from './workspaceGraph';

/** `file` → exported name → how many import/re-export sites name it; `*` counts namespace imports and `export *`. */
export type ImportIndex = Map<string, Map<string, number>>;

function bump(index: ImportIndex, file: string, name: string): void {
  let names = index.get(file);
  if (!names) index.set(file, (names = new Map()));
  names.set(name, (names.get(name) ?? 0) + 1);
}

/**
 * The workspace beyond a cleanup's project: files the project does not hold still import things,
 * and an export they use is not dead. `original` is the program over the untouched files.
 */
interface Surroundings {
  graph: WorkspaceGraph;
  original: ts.Program;
  /** Whether the project's module resolution hides `target` from `importer` (see analysisProject.ts). */
  hidden: (importer: string, target: string) => boolean;
}

const surroundings = new WeakMap<Project, Surroundings>();

/** Makes `buildImportIndex(project)` count the imports of workspace files outside the project too. */
export function attachSurroundings(project: Project, around: Surroundings): void {
  surroundings.set(project, around);
}

/** Import and export-from sites of one compiler SourceFile, resolved with the workspace's module resolution. */
function addSitesOf(index: ImportIndex, sourceFile: ts.SourceFile, graph: WorkspaceGraph): void {
  for (const site of importSitesIn(sourceFile)) {
    const target = graph.resolve(site.specifier, sourceFile.fileName);
    if (target) for (const name of site.names) bump(index, target, name);
  }
}

/** The sites in `sites` (declared in `importer`) that name `file`. */
function addSitesNaming(index: ImportIndex, sites: readonly ImportSite[], importer: string, file: string, graph: WorkspaceGraph): void {
  for (const site of sites) if (graph.names(site.specifier, importer, file)) for (const name of site.names) bump(index, file, name);
}

/**
 * The project's counts, completed on first read of a file with the import sites of workspace files
 * the project does not hold. Those files are untouched by the cleanup, so their sites are read from
 * the original program, or parsed from their text when the compiler never loaded them.
 */
class WorkspaceImportIndex extends Map<string, Map<string, number>> {
  private readonly completed = new Set<string>();
  /** Set once the project's own counts are in; reads before that are plain. */
  ready = false;

  constructor(
    private readonly project: Project,
    private readonly around: Surroundings,
    /** Files whose current sites are already counted (the project's, and files the cleanup changed). */
    private readonly counted: ReadonlySet<string>,
    /** Files the cleanup deleted: they import nothing any more. */
    private readonly deleted: ReadonlySet<string>,
  ) {
    super();
  }

  override get(file: string): Map<string, number> | undefined {
    if (this.ready && !this.completed.has(file)) {
      this.completed.add(file);
      const { graph, original } = this.around;
      const outside: ImportIndex = new Map();
      for (const importer of graph.importersOf(file)) {
        if (this.deleted.has(importer)) continue;
        if (this.counted.has(importer)) {
          // Counted already, unless the project's resolution hid this file from it.
          const current = this.around.hidden(importer, file) ? this.project.getSourceFile(importer) : undefined;
          if (current) addSitesNaming(outside, importSitesIn(current.compilerNode), importer, file, graph);
          continue;
        }
        addSitesNaming(outside, graph.declarationsOf(importer, original.getSourceFile(importer)), importer, file, graph);
      }
      for (const [name, count] of outside.get(file) ?? []) for (let i = 0; i < count; i++) bump(this, file, name);
    }
    return super.get(file);
  }
}

/** Who imports what from whom, across the workspace, resolved by the compiler's module resolution. */
export function buildImportIndex(project: Project): ImportIndex {
  const around = surroundings.get(project);
  const inProject = project.getSourceFiles();
  const counted = new Set(inProject.map((f) => f.getFilePath() as string));
  const deleted = new Set<string>();
  const workspaceIndex = around ? new WorkspaceImportIndex(project, around, counted, deleted) : undefined;
  const index: ImportIndex = workspaceIndex ?? new Map();
  for (const sourceFile of inProject) {
    for (const declaration of sourceFile.getImportDeclarations()) {
      const target = declaration.getModuleSpecifierSourceFile();
      if (!target) continue;
      const file = target.getFilePath();
      if (declaration.getDefaultImport()) bump(index, file, 'default');
      if (declaration.getNamespaceImport()) bump(index, file, '*');
      for (const named of declaration.getNamedImports()) bump(index, file, named.getName());
    }
    for (const declaration of sourceFile.getExportDeclarations()) {
      const target = declaration.getModuleSpecifierSourceFile();
      if (!target) continue;
      const file = target.getFilePath();
      if (declaration.isNamespaceExport() || declaration.getNamedExports().length === 0) bump(index, file, '*');
      for (const named of declaration.getNamedExports()) bump(index, file, named.getName());
    }
  }
  if (!around) return index;
  // Files the compiler loaded for the project and the cleanup then changed or deleted: their current sites count.
  for (const original of around.original.getSourceFiles()) {
    const file = original.fileName;
    if (counted.has(file) || !around.graph.texts.has(file)) continue;
    const current = project.getSourceFile(file);
    if (!current) {
      deleted.add(file);
      continue;
    }
    if (current.compilerNode === original) continue;
    counted.add(file);
    addSitesOf(index, current.compilerNode, around.graph);
  }
  workspaceIndex!.ready = true;
  return index;
}

export function importCount(index: ImportIndex, file: string, name: string): number {
  const names = index.get(file);
  if (!names) return 0;
  return (names.get(name) ?? 0) + (names.get('*') ?? 0) * 1000;
}

export function isExported(node: Node): boolean {
  return Node.isExportable(node) && node.isExported();
}
