import { Node, type Project, type SourceFile } from 'ts-morph';

/** `file` → exported name → how many import/re-export sites name it; `*` counts namespace imports and `export *`. */
export type ImportIndex = Map<string, Map<string, number>>;

function bump(index: ImportIndex, file: string, name: string): void {
  let names = index.get(file);
  if (!names) index.set(file, (names = new Map()));
  names.set(name, (names.get(name) ?? 0) + 1);
}

/** Who imports what from whom, across the project, resolved by the compiler's module resolution. */
export function buildImportIndex(project: Project): ImportIndex {
  const index: ImportIndex = new Map();
  for (const sourceFile of project.getSourceFiles()) {
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
  return index;
}

export function importCount(index: ImportIndex, file: string, name: string): number {
  const names = index.get(file);
  if (!names) return 0;
  return (names.get(name) ?? 0) + (names.get('*') ?? 0) * 1000;
}

/** Files that import (or re-export) `file`. */
export function importersOf(project: Project, files: ReadonlySet<string>): Set<string> {
  const out = new Set<string>();
  for (const sourceFile of project.getSourceFiles()) {
    const imports = [...sourceFile.getImportDeclarations(), ...sourceFile.getExportDeclarations()];
    for (const declaration of imports) {
      const target: SourceFile | undefined = declaration.getModuleSpecifierSourceFile();
      if (target && files.has(target.getFilePath())) out.add(sourceFile.getFilePath());
    }
  }
  return out;
}

export function isExported(node: Node): boolean {
  return Node.isExportable(node) && node.isExported();
}
