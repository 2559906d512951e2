interface ModuleImports {
  named: Map<string, string | undefined>;
  namespace?: string;
  defaultName?: string;
}

/** Collects the imports a generated file needs, then renders one declaration per module. */
export class ImportSet {
  private readonly modules = new Map<string, ModuleImports>();
  /** Local name → the module that binds it, so two modules never bind the same name. */
  private readonly bound = new Map<string, string>();

  private bind(specifier: string, local: string): string {
    let name = local;
    for (let n = 2; this.bound.has(name) && this.bound.get(name) !== specifier; n++) name = `${local}${n}`;
    this.bound.set(name, specifier);
    return name;
  }

  private entry(specifier: string): ModuleImports {
    let entry = this.modules.get(specifier);
    if (!entry) {
      entry = { named: new Map() };
      this.modules.set(specifier, entry);
    }
    return entry;
  }

  /** Returns the local name the code should use. */
  named(specifier: string, name: string, alias?: string): string {
    const entry = this.entry(specifier);
    const existing = entry.named.get(name);
    if (entry.named.has(name)) return existing ?? name;
    const local = this.bind(specifier, alias ?? name);
    entry.named.set(name, local === name ? undefined : local);
    return local;
  }

  namespace(specifier: string, local: string): string {
    const entry = this.entry(specifier);
    entry.namespace ??= this.bind(specifier, local);
    return entry.namespace;
  }

  defaultImport(specifier: string, local: string): string {
    const entry = this.entry(specifier);
    entry.defaultName ??= this.bind(specifier, local);
    return entry.defaultName;
  }

  render(): string[] {
    const lines: string[] = [];
    for (const [specifier, entry] of this.modules) {
      if (entry.namespace) lines.push(`import * as ${entry.namespace} from '${specifier}';`);
      const named = [...entry.named].map(([name, alias]) => (alias ? `${name} as ${alias}` : name));
      const parts = [entry.defaultName, named.length > 0 ? `{ ${named.join(', ')} }` : undefined].filter(Boolean);
      if (parts.length > 0) lines.push(`import ${parts.join(', ')} from '${specifier}';`);
    }
    return lines;
  }
}
