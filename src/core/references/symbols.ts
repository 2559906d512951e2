import { ts } from '../util/typescript';
import { exportCandidates, hasModifier } from './exportStatements';
import type { SdkModule } from './sdkPatterns';
import { lookupIdentifier, lookupTopLevel, type Binding } from './scope';
import type { Workspace } from './workspace';

/** Where a name finally leads once imports and re-exports are followed. */
export type Target =
  | { kind: 'binding'; binding: Binding }
  | { kind: 'namespace'; file: string }
  | { kind: 'sdkModule'; module: SdkModule }
  | { kind: 'sdkExport'; module: SdkModule; name: string }
  | { kind: 'expression'; expression: ts.Expression };

const maxHops = 24;

export function fileOf(node: ts.Node): string {
  return node.getSourceFile().fileName;
}

/** `require('x')` */
export function requireSpecifier(expression: ts.Expression): string | undefined {
  if (ts.isCallExpression(expression) && ts.isIdentifier(expression.expression) && expression.expression.text === 'require') {
    const arg = expression.arguments[0];
    if (arg && ts.isStringLiteralLike(arg)) return arg.text;
  }
  return undefined;
}

export class Symbols {
  /**
   * Export lookups, shared across file analyses: each entry remembers the files it read so a
   * cache hit still records them as dependencies. Any change to a parsed file clears the cache.
   */
  private exportCache = new Map<string, { target: Target | undefined; touched: Set<string> }>();
  private cacheGeneration = -1;

  constructor(private readonly ws: Workspace) {}

  reset(): void {
    if (this.cacheGeneration !== this.ws.generation) {
      this.exportCache = new Map();
      this.cacheGeneration = this.ws.generation;
    }
  }

  /** Follows an identifier through imports to its declaration or SDK export. */
  identifier(id: ts.Identifier): Target | undefined {
    const binding = lookupIdentifier(id);
    return binding ? this.binding(binding, 0) : undefined;
  }

  /** What a binding is declared as, for a question about its declared type (see ReachSymbols). */
  declaredBinding(binding: Binding): Target | undefined {
    return this.binding(binding, 0);
  }

  binding(binding: Binding, hops: number): Target | undefined {
    if (binding.kind !== 'import') return { kind: 'binding', binding };
    return this.importTarget(fileOf(binding.decl), binding.specifier, binding.importName, hops + 1);
  }

  importTarget(fromFile: string, specifier: string, importName: string, hops = 0): Target | undefined {
    if (hops > maxHops) return undefined;
    const resolved = this.ws.resolve(fromFile, specifier);
    if (!resolved) return undefined;
    if (resolved.kind === 'sdk') {
      return importName === '*' || importName === 'default' ? { kind: 'sdkModule', module: resolved.module } : { kind: 'sdkExport', module: resolved.module, name: importName };
    }
    if (importName === '*') return { kind: 'namespace', file: resolved.file };
    return this.exportOf(resolved.file, importName, hops + 1);
  }

  /** The declaration exported as `name` from `file`, through re-exports and `export *`. */
  exportOf(file: string, name: string, hops = 0, seen?: Set<string>): Target | undefined {
    if (seen) return this.exportOfUncached(file, name, hops, seen);
    const key = `${file}\0${name}`;
    const cached = this.exportCache.get(key);
    if (cached) {
      this.ws.touch(cached.touched);
      return cached.target;
    }
    const { result, touched } = this.ws.capture(() => this.exportOfUncached(file, name, hops, new Set()));
    this.exportCache.set(key, { target: result, touched });
    return result;
  }

  private exportOfUncached(file: string, name: string, hops: number, seen: Set<string>): Target | undefined {
    if (hops > maxHops || seen.has(file)) return undefined;
    seen.add(file);
    const sf = this.ws.sourceFile(file);
    if (!sf) return undefined;
    const stars: string[] = [];
    let lastDefault: Target | undefined;
    for (const statement of exportCandidates(sf, name)) {
      if (ts.isExportDeclaration(statement)) {
        const from = statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier) ? statement.moduleSpecifier.text : undefined;
        const clause = statement.exportClause;
        if (!clause) {
          if (from && name !== 'default') stars.push(from);
          continue;
        }
        if (ts.isNamespaceExport(clause)) {
          if (clause.name.text === name && from) return this.importTarget(file, from, '*', hops + 1);
          continue;
        }
        for (const element of clause.elements) {
          if (element.name.text !== name) continue;
          const local = (element.propertyName ?? element.name).text;
          if (from) return this.importTarget(file, from, local, hops + 1);
          const binding = lookupTopLevel(sf, local);
          return binding ? this.binding(binding, hops + 1) : undefined;
        }
      } else if (ts.isExportAssignment(statement)) {
        // `export default x` and `export = x` both answer a default import.
        if (name !== 'default') continue;
        const expression = statement.expression;
        if (ts.isIdentifier(expression)) {
          const binding = lookupTopLevel(sf, expression.text);
          return binding ? this.binding(binding, hops + 1) : undefined;
        }
        return { kind: 'expression', expression };
      } else if (hasModifier(statement, ts.SyntaxKind.ExportKeyword)) {
        if (hasModifier(statement, ts.SyntaxKind.DefaultKeyword)) {
          if (name === 'default' && (ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement))) {
            return ts.isFunctionDeclaration(statement) ? { kind: 'binding', binding: { kind: 'function', node: statement } } : { kind: 'binding', binding: { kind: 'class', node: statement } };
          }
          continue;
        }
        if (ts.isVariableStatement(statement)) {
          const binding = lookupTopLevel(sf, name);
          if (binding && binding.kind === 'variable' && binding.decl.parent.parent === statement) return { kind: 'binding', binding };
        } else if ((ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement) || ts.isEnumDeclaration(statement)) && statement.name?.text === name) {
          const binding = lookupTopLevel(sf, name);
          if (binding) return { kind: 'binding', binding };
        }
      } else if (ts.isExpressionStatement(statement)) {
        // CommonJS: `exports.NAME = value` / `module.exports.NAME = value` / `module.exports = { NAME }`.
        const cjs = commonJsExport(statement.expression, name);
        if (!cjs) continue;
        const target = cjs.kind === 'identifier' ? this.topLevel(sf, cjs.node, hops) : ({ kind: 'expression', expression: cjs.node } as const);
        // A later `module.exports = …` replaces an earlier one: the last is what a default import gets.
        if (name === 'default') lastDefault = target;
        else return target;
      }
    }
    if (lastDefault) return lastDefault;
    for (const from of stars) {
      const resolved = this.ws.resolve(file, from);
      if (resolved?.kind === 'file') {
        const target = this.exportOf(resolved.file, name, hops + 1, seen);
        if (target) return target;
      } else if (resolved?.kind === 'sdk') return { kind: 'sdkExport', module: resolved.module, name };
    }
    return undefined;
  }

  /**
   * What `export = x` or `module.exports = x` makes the whole module (`require('./client')`,
   * `import c = require(…)`, `import * as c`), when it is not an object of named exports; undefined
   * for a module of named exports. A module whose text never assigns it is not parsed.
   */
  wholeModule(file: string): Target | undefined {
    const key = `${file}\0=`;
    const cached = this.exportCache.get(key);
    if (cached) {
      this.ws.touch(cached.touched);
      return cached.target;
    }
    const { result, touched } = this.ws.capture(() => {
      // An edit that adds or removes the assignment redoes the analyses that asked.
      this.ws.touch([file]);
      const text = this.ws.textOf(file);
      // `module.exports = { … }`, the common CommonJS form, exports names: no need to parse for it.
      if (text === undefined || !(/\bmodule\.exports\s*=\s*(?![\s{])/.test(text) || /\bexport\s*=(?!=)/.test(text))) return undefined;
      const sf = this.ws.sourceFile(file);
      return sf ? this.wholeModuleOf(sf) : undefined;
    });
    this.exportCache.set(key, { target: result, touched });
    return result;
  }

  private wholeModuleOf(sf: ts.SourceFile): Target | undefined {
    let assigned: ts.Expression | undefined;
    for (const statement of sf.statements) {
      if (ts.isExportAssignment(statement) && statement.isExportEquals) assigned = statement.expression;
      else if (ts.isExpressionStatement(statement)) {
        const chain = assignmentChain(statement.expression);
        if (!chain) continue;
        // `module.exports.isOn = …` beside a whole value: the module is read name by name, as before.
        if (chain.targets.some(isModuleExportsMember)) return undefined;
        // `module.exports = client`, `exports = module.exports = client`; the last assignment is what the module exports.
        if (chain.targets.some(isModuleExports)) assigned = chain.value;
      }
    }
    // `module.exports = { client, isOn }` exports names, read one by one (`exportOf`).
    if (!assigned || ts.isObjectLiteralExpression(assigned)) return undefined;
    return ts.isIdentifier(assigned) ? this.topLevel(sf, assigned, 0) : { kind: 'expression', expression: assigned };
  }

  private topLevel(sf: ts.SourceFile, id: ts.Identifier, hops: number): Target | undefined {
    const binding = lookupTopLevel(sf, id.text);
    return binding ? this.binding(binding, hops + 1) : undefined;
  }
}

/** `a = b = value`: every target assigned and the value; undefined for anything but a plain assignment. */
function assignmentChain(expression: ts.Expression): { targets: ts.Expression[]; value: ts.Expression } | undefined {
  const targets: ts.Expression[] = [];
  let current = expression;
  while (ts.isBinaryExpression(current) && current.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
    targets.push(current.left);
    current = current.right;
  }
  return targets.length > 0 ? { targets, value: current } : undefined;
}

/** `module.exports.NAME` or `exports.NAME`. */
function isModuleExportsMember(expression: ts.Expression): boolean {
  return ts.isPropertyAccessExpression(expression) && (isModuleExports(expression.expression) || (ts.isIdentifier(expression.expression) && expression.expression.text === 'exports'));
}

function isModuleExports(expression: ts.Expression): boolean {
  return ts.isPropertyAccessExpression(expression) && ts.isIdentifier(expression.expression) && expression.expression.text === 'module' && expression.name.text === 'exports';
}

function commonJsExport(expression: ts.Expression, name: string): { kind: 'identifier'; node: ts.Identifier } | { kind: 'expression'; node: ts.Expression } | undefined {
  if (!ts.isBinaryExpression(expression) || expression.operatorToken.kind !== ts.SyntaxKind.EqualsToken) return undefined;
  const left = expression.left;
  const right = expression.right;
  if (ts.isPropertyAccessExpression(left) && left.name.text === name && ((ts.isIdentifier(left.expression) && left.expression.text === 'exports') || isModuleExports(left.expression))) {
    return ts.isIdentifier(right) ? { kind: 'identifier', node: right } : { kind: 'expression', node: right };
  }
  if (isModuleExports(left)) {
    if (name === 'default') return ts.isIdentifier(right) ? { kind: 'identifier', node: right } : { kind: 'expression', node: right };
    if (ts.isObjectLiteralExpression(right)) {
      for (const property of right.properties) {
        if (ts.isShorthandPropertyAssignment(property) && property.name.text === name) return { kind: 'identifier', node: property.name };
        if (ts.isPropertyAssignment(property) && ts.isIdentifier(property.name) && property.name.text === name) {
          return ts.isIdentifier(property.initializer) ? { kind: 'identifier', node: property.initializer } : { kind: 'expression', node: property.initializer };
        }
      }
    }
  }
  return undefined;
}
