import { ts } from '../util/typescript';
import type { Binding } from './scope';
import { fileOf, Symbols, type Target } from './symbols';
import type { Workspace } from './workspace';

/** Whether a type reference names this identifier (`client: LDClient`): a value question, not a key. */
function isTypeName(id: ts.Identifier): boolean {
  const parent = id.parent;
  return parent !== undefined && (ts.isTypeReferenceNode(parent) || ts.isQualifiedName(parent) || ts.isExpressionWithTypeArguments(parent));
}

/**
 * Symbols that do not follow a value into a file that cannot carry flags (see FlagReach). Only the
 * value questions are cut short: what an imported function, class or type is, asked by the SDK
 * value classification. Keys are resolved as before, through any file: `identifier()` outside a type
 * position is the key resolver asking, and everything it asks is answered in full.
 */
export class ReachSymbols extends Symbols {
  /** Nesting of key lookups in progress: value questions asked inside them are answered in full. */
  private keyDepth = 0;
  /** Files not followed during the current analysis, when someone collects them. */
  pruned: Set<string> | undefined;

  constructor(
    private readonly workspace: Workspace,
    private readonly canCarryFlags: (file: string, name: string) => boolean,
    private readonly exportAbsence: (file: string, name: string) => readonly string[] | undefined = () => undefined,
  ) {
    super(workspace);
  }

  override identifier(id: ts.Identifier): Target | undefined {
    if (isTypeName(id)) return super.identifier(id);
    this.keyDepth++;
    try {
      return super.identifier(id);
    } finally {
      this.keyDepth--;
    }
  }

  override exportOf(file: string, name: string, hops = 0, seen?: Set<string>): Target | undefined {
    if (!this.workspace.mayExport(file, name)) {
      // Still a dependency: an edit that adds the export must redo this analysis.
      this.workspace.touch([file]);
      return undefined;
    }
    // A barrel not parsed yet whose `export *` lines lead nowhere near the name (their texts say so).
    const absent = this.workspace.isLoaded(file) ? undefined : this.exportAbsence(file, name);
    if (absent) {
      this.workspace.touch(absent);
      return undefined;
    }
    return super.exportOf(file, name, hops, seen);
  }

  override binding(binding: Binding, hops: number): Target | undefined {
    // hops 0 from outside Symbols is the value classification following an import.
    if (hops === 0 && this.keyDepth === 0 && binding.kind === 'import') {
      const resolved = this.workspace.resolve(fileOf(binding.decl), binding.specifier);
      if (resolved?.kind === 'file' && !this.canCarryFlags(resolved.file, binding.importName)) {
        // A dependency all the same: if that file starts to reach flags, this analysis is redone.
        this.workspace.touch([resolved.file]);
        this.pruned?.add(resolved.file);
        return undefined;
      }
    }
    return super.binding(binding, hops);
  }
}
