import { ts } from '../util/typescript';
import type { Analyzer } from './analyzer';
import type { Workspace } from './workspace';
import { typeIsClient, type SdkModule } from './sdkPatterns';
import { lookupName, lookupTopLevel, propertyNameText, unwrapExpression, type Binding } from './scope';
import { fileOf } from './symbols';
import { assertedType } from './castTypes';
import { hasModifier } from './exportStatements';

/** A declaration whose members a property read looks into. */
export type MemberHolder = ts.InterfaceDeclaration | ts.TypeLiteralNode | ts.ClassLikeDeclaration;

/**
 * What a declared type is, read from the syntax: an SDK export (`LDClient`), a workspace type with
 * members (an interface, a type literal, a class), or something else that is certainly no SDK client
 * (a primitive, an array, a function type), or a declaration the syntax cannot read (only then may
 * the checker be asked). `undefined` means nothing is declared (an unannotated parameter, a call of
 * an unannotated function): the syntactic value analysis already followed where such values come
 * from, and the checker would only repeat it at the price of a program.
 */
export type DeclaredType =
  | { kind: 'sdk'; module: SdkModule; name: string }
  | { kind: 'members'; decls: readonly MemberHolder[] }
  | { kind: 'other' }
  /** Declared, in a form the syntax cannot read (`typeof x`, a mapped type, a type parameter, a package's type): the checker can. */
  | { kind: 'unreadable' };

const other: DeclaredType = { kind: 'other' };
const unreadable: DeclaredType = { kind: 'unreadable' };

/**
 * Type chains deeper than this are not followed: no real declaration nests SDK clients that far. An
 * alias imported from another module costs about five levels (reference, binding, import, export,
 * declaration): 24 follows a chain through four modules, where 12 stopped after two.
 */
const maxDepth = 24;

/** Generic types whose first argument is what a receiver of that type calls methods on. */
const passThrough = new Set(['Promise', 'PromiseLike', 'Awaited', 'Readonly', 'Partial', 'Required', 'NonNullable', 'Pick', 'Omit']);
/** Global types that are never an SDK client (arrays and collections are not clients even of clients). */
const knownOther = new Set(['Array', 'ReadonlyArray', 'Set', 'Map', 'WeakMap', 'WeakSet', 'ReadonlySet', 'ReadonlyMap', 'String', 'Number', 'Boolean', 'Function', 'Date', 'RegExp', 'Error']);

/** Exported types per (file, name), across analyses, with the files each answer read (replayed on a hit). */
interface ExportCache {
  generation: number;
  entries: Map<string, ExportCacheEntry>;
  /** Keys of the answers that passed over each unparsed file, and how much of the workspace's parse log was seen. */
  byPassedOver: Map<string, string[]>;
  parsesSeen: number;
}

interface ExportCacheEntry {
  value: DeclaredType | undefined;
  touched: Set<string>;
  /** Unparsed files the answer passed over (looking in parsed files only). */
  passedOver?: readonly string[];
}

const exportCaches = new WeakMap<Workspace, ExportCache>();

function exportCache(ws: Workspace): ExportCache {
  let cache = exportCaches.get(ws);
  if (!cache || cache.generation !== ws.generation) exportCaches.set(ws, (cache = { generation: ws.generation, entries: new Map(), byPassedOver: new Map(), parsesSeen: ws.parseLog.length }));
  return cache;
}

/** Drops the exported types read so far: they hold the syntax trees they were read from (see Workspace.releaseTrees). */
export function releaseDeclaredTypes(ws: Workspace): void {
  exportCaches.delete(ws);
}

/** Expression types per analysis (the analyzer's memo object is new for every file). */
const expressionMemos = new WeakMap<object, Map<ts.Node, DeclaredType | null | 'pending'>>();

function expressionMemo(a: Analyzer): Map<ts.Node, DeclaredType | null | 'pending'> {
  // Keyed by the mode too (see parsedFilesOnly): the analyzer's memo object is the analysis.
  const owner: object = parsedFilesOnly ? parsedOnlyOwner(a.memo) : a.memo;
  let memo = expressionMemos.get(owner);
  if (!memo) expressionMemos.set(owner, (memo = new Map()));
  return memo;
}

const parsedOnlyOwners = new WeakMap<object, object>();

function parsedOnlyOwner(memo: object): object {
  let owner = parsedOnlyOwners.get(memo);
  if (!owner) parsedOnlyOwners.set(memo, (owner = {}));
  return owner;
}

function merge(types: readonly (DeclaredType | undefined)[]): DeclaredType | undefined {
  const sdk = types.find((t) => t?.kind === 'sdk');
  if (sdk) return sdk;
  if (types.some((t) => t?.kind === 'unreadable')) return unreadable;
  if (types.some((t) => t === undefined)) return undefined;
  const decls = types.flatMap((t) => (t?.kind === 'members' ? t.decls : []));
  return decls.length > 0 ? { kind: 'members', decls } : other;
}

/** `T` declared as a type parameter around `at`: its type is whatever a caller passes. */
function isTypeParameter(at: ts.Node, name: string): boolean {
  for (let node: ts.Node | undefined = at.parent; node; node = node.parent) {
    const params = (node as { typeParameters?: ts.NodeArray<ts.TypeParameterDeclaration> }).typeParameters;
    if (params?.some((p) => p.name.text === name)) return true;
    if (ts.isMappedTypeNode(node) && node.typeParameter.name.text === name) return true;
  }
  return false;
}

/** Per block, its type declarations by name: a file of 2,000 interfaces was scanned whole for every type reference in it. */
const typeDeclarationIndexes = new WeakMap<readonly ts.Statement[], Map<string, ts.DeclarationStatement[]>>();
const noDeclarations: ts.DeclarationStatement[] = [];

/** Interfaces, type aliases, classes and enums named `name` among a block's statements. */
export function typeDeclarationsIn(statements: readonly ts.Statement[], name: string): ts.DeclarationStatement[] {
  let byName = typeDeclarationIndexes.get(statements);
  if (!byName) {
    byName = new Map();
    for (const s of statements) {
      if (!(ts.isInterfaceDeclaration(s) || ts.isTypeAliasDeclaration(s) || ts.isClassDeclaration(s) || ts.isEnumDeclaration(s)) || !s.name) continue;
      const list = byName.get(s.name.text);
      if (list) list.push(s);
      else byName.set(s.name.text, [s]);
    }
    typeDeclarationIndexes.set(statements, byName);
  }
  return byName.get(name) ?? noDeclarations;
}

function fromDeclarations(a: Analyzer, decls: readonly ts.DeclarationStatement[], depth: number): DeclaredType | undefined {
  const first = decls[0];
  if (!first) return undefined;
  if (ts.isTypeAliasDeclaration(first)) return typeOfNode(a, first.type, depth + 1);
  if (ts.isEnumDeclaration(first)) return other;
  // Interfaces merge; a class merged with an interface has both's members.
  const holders: MemberHolder[] = [];
  for (const d of decls) if (ts.isInterfaceDeclaration(d) || ts.isClassDeclaration(d)) holders.push(d);
  return { kind: 'members', decls: holders };
}

/** The type a name means at `at`: a type parameter, a declaration in an enclosing block, or an import. */
function typeByName(a: Analyzer, at: ts.Node, name: string, depth: number): DeclaredType | undefined | 'global' {
  if (isTypeParameter(at, name)) return unreadable;
  for (let node: ts.Node | undefined = at.parent; node; node = node.parent) {
    if (ts.isSourceFile(node) || ts.isBlock(node) || ts.isModuleBlock(node)) {
      const decls = typeDeclarationsIn(node.statements, name);
      if (decls.length > 0) return fromDeclarations(a, decls, depth);
    }
  }
  const binding = lookupName(at, name);
  if (!binding) return 'global';
  return typeOfBinding(a, binding, depth);
}

function typeOfBinding(a: Analyzer, binding: Binding, depth: number): DeclaredType | undefined {
  if (binding.kind === 'class') return { kind: 'members', decls: [binding.node] };
  if (binding.kind === 'enum') return other;
  if (binding.kind !== 'import') return undefined;
  return importedType(a, fileOf(binding.decl), binding.specifier, binding.importName, depth + 1);
}

export function importedType(a: Analyzer, fromFile: string, specifier: string, importName: string, depth: number): DeclaredType | undefined {
  if (tooDeep(depth)) return undefined;
  const resolved = a.ws.resolve(fromFile, specifier);
  // A package's type (perhaps one wrapping an SDK): its declaration files are the checker's to read.
  if (!resolved) return unreadable;
  if (resolved.kind === 'sdk') return importName === '*' || importName === 'default' ? unreadable : { kind: 'sdk', module: resolved.module, name: importName };
  if (importName === '*') return other;
  return exportedType(a, resolved.file, importName, depth + 1);
}

/** The type `file` exports as `name`, through re-export lists and `export *`; cached per (file, name). */
/**
 * While set, type lookups read only files already parsed: deciding which exported names carry
 * clients must not parse the type files of every analyzed file (the rounds of candidates parse the
 * files along a chain of such types one by one anyway).
 */
let parsedFilesOnly = false;
/**
 * Unparsed files lookups passed over, as lists (a cached answer's list is handed on whole, not file
 * by file: a barrel of a thousand unparsed modules is met by every lookup through it). While set, the
 * exported-types question under way collects them; `lookups` holds one per exported-type lookup under
 * way, whose answer is kept with them.
 */
let passedOver: (readonly string[])[] | undefined;
const lookups: (readonly string[])[][] = [];
/** Lookups cut short by the depth limit: such an answer depends on the depth it was asked at, and is not kept. */
let cuts = 0;

export function tooDeep(depth: number): boolean {
  if (depth <= maxDepth) return false;
  cuts++;
  return true;
}

function passOver(files: readonly string[]): void {
  passedOver?.push(files);
  for (const lookup of lookups) lookup.push(files);
}

export function unparsedNow(a: Analyzer, file: string): boolean {
  if (!parsedFilesOnly || a.ws.isLoaded(file)) return false;
  passOver([file]);
  return true;
}

/** Drops the cached answers that passed over a file parsed since: each is asked again when next needed. */
function forgetPassedOverSince(ws: Workspace, cache: ExportCache): void {
  for (; cache.parsesSeen < ws.parseLog.length; cache.parsesSeen++) {
    const file = ws.parseLog[cache.parsesSeen]!;
    for (const key of cache.byPassedOver.get(file) ?? []) cache.entries.delete(key);
    cache.byPassedOver.delete(file);
  }
}

export function exportedType(a: Analyzer, file: string, name: string, depth = 0): DeclaredType | undefined {
  if (unparsedNow(a, file)) return undefined;
  const cache = exportCache(a.ws);
  forgetPassedOverSince(a.ws, cache);
  // An answer given from parsed files only may miss what a full lookup finds: kept apart.
  const key = `${parsedFilesOnly ? 'parsed' : 'all'}\0${file}\0${name}`;
  const hit = cache.entries.get(key);
  if (hit) {
    a.ws.touch(hit.touched);
    if (hit.passedOver) passOver(hit.passedOver);
    return hit.value;
  }
  const mine: (readonly string[])[] = [];
  const cutsBefore = cuts;
  lookups.push(mine);
  let found: { result: DeclaredType | undefined; touched: Set<string> };
  try {
    found = a.ws.capture(() => exportedTypeUncached(a, file, name, depth, new Set()));
  } finally {
    lookups.pop();
  }
  if (cuts === cutsBefore) {
    const passed = mine.length === 0 ? undefined : mine.length === 1 ? mine[0]! : [...new Set(mine.flat())];
    cache.entries.set(key, { value: found.result, touched: found.touched, ...(passed ? { passedOver: passed } : {}) });
    // Kept while none of the files it passed over is parsed (see forgetPassedOverSince).
    for (const over of passed ?? []) {
      const keys = cache.byPassedOver.get(over);
      if (keys) keys.push(key);
      else cache.byPassedOver.set(over, [key]);
    }
  }
  return found.result;
}

function exportedTypeUncached(a: Analyzer, file: string, name: string, depth: number, seen: Set<string>): DeclaredType | undefined {
  if (tooDeep(depth) || seen.has(file) || unparsedNow(a, file)) return undefined;
  seen.add(file);
  // Only files whose text names the type (or re-export everything) are parsed to look.
  if (!a.ws.mayExport(file, name)) return undefined;
  const sf = a.ws.sourceFile(file);
  if (!sf) return undefined;
  const stars: string[] = [];
  const exported = typeDeclarationsIn(sf.statements, name).filter((d) => hasModifier(d, ts.SyntaxKind.ExportKeyword) && !hasModifier(d, ts.SyntaxKind.DefaultKeyword));
  if (exported.length > 0) return fromDeclarations(a, typeDeclarationsIn(sf.statements, name), depth);
  for (const statement of sf.statements) {
    if (name === 'default' && (ts.isInterfaceDeclaration(statement) || ts.isClassDeclaration(statement)) && hasModifier(statement, ts.SyntaxKind.DefaultKeyword)) {
      return { kind: 'members', decls: [statement] };
    }
    if (name === 'default' && ts.isExportAssignment(statement)) {
      const expression = unwrapExpression(statement.expression);
      if (ts.isIdentifier(expression)) return fileLevelType(a, sf, expression.text, depth + 1);
    }
    if (!ts.isExportDeclaration(statement)) continue;
    const from = statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier) ? statement.moduleSpecifier.text : undefined;
    const clause = statement.exportClause;
    if (!clause) {
      if (from && name !== 'default') stars.push(from);
      continue;
    }
    if (!ts.isNamedExports(clause)) continue;
    for (const element of clause.elements) {
      if (element.name.text !== name) continue;
      const local = (element.propertyName ?? element.name).text;
      return from ? importedType(a, file, from, local, depth + 1) : fileLevelType(a, sf, local, depth + 1);
    }
  }
  for (const from of stars) {
    // A module behind `export *` not parsed yet is passed over without a note: every lookup through a
    // barrel of two thousand would carry all of them (answers through it stay as first given). Its
    // import is not noted either (asked of the resolver, not the workspace): 2,000 seeds looking up 8
    // types each through a 2,000-module barrel replayed 32 million import sites from the cache.
    const peek = parsedFilesOnly ? a.ws.resolver.resolve(file, from) : undefined;
    if (peek?.kind === 'file' && !a.ws.isLoaded(peek.file)) continue;
    const resolved = a.ws.resolve(file, from);
    if (resolved?.kind === 'sdk') return { kind: 'sdk', module: resolved.module, name };
    if (resolved?.kind !== 'file') continue;
    const found = exportedTypeUncached(a, resolved.file, name, depth + 1, seen);
    if (found) return found;
  }
  return undefined;
}

export function fileLevelType(a: Analyzer, sf: ts.SourceFile, name: string, depth: number): DeclaredType | undefined {
  const decls = typeDeclarationsIn(sf.statements, name);
  if (decls.length > 0) return fromDeclarations(a, decls, depth);
  const binding = lookupTopLevel(sf, name);
  return binding ? typeOfBinding(a, binding, depth) : undefined;
}

/** What a type annotation declares. */
export function typeOfNode(a: Analyzer, type: ts.TypeNode | undefined, depth = 0): DeclaredType | undefined {
  if (!type || tooDeep(depth)) return undefined;
  if (ts.isParenthesizedTypeNode(type)) return typeOfNode(a, type.type, depth + 1);
  if (ts.isUnionTypeNode(type)) {
    // `X | undefined`, `X | null`: the client when it is there.
    const members = type.types.filter((t) => t.kind !== ts.SyntaxKind.UndefinedKeyword && t.kind !== ts.SyntaxKind.VoidKeyword && !(ts.isLiteralTypeNode(t) && t.literal.kind === ts.SyntaxKind.NullKeyword));
    return merge(members.map((t) => typeOfNode(a, t, depth + 1)));
  }
  if (ts.isIntersectionTypeNode(type)) return merge(type.types.map((t) => typeOfNode(a, t, depth + 1)));
  if (ts.isTypeLiteralNode(type)) return { kind: 'members', decls: [type] };
  if (ts.isTypeOperatorNode(type)) return type.operator === ts.SyntaxKind.ReadonlyKeyword ? typeOfNode(a, type.type, depth + 1) : other;
  if (ts.isIndexedAccessTypeNode(type)) {
    // `Services['flags']`
    const index = type.indexType;
    if (!ts.isLiteralTypeNode(index) || !ts.isStringLiteral(index.literal)) return unreadable;
    return memberType(a, typeOfNode(a, type.objectType, depth + 1), index.literal.text, depth + 1);
  }
  if (ts.isTypeReferenceNode(type)) return typeOfReference(a, type, depth);
  if (ts.isImportTypeNode(type)) return importTypeOf(a, type, depth);
  if (ts.isArrayTypeNode(type) || ts.isTupleTypeNode(type) || ts.isFunctionTypeNode(type) || ts.isConstructorTypeNode(type) || ts.isLiteralTypeNode(type) || ts.isTemplateLiteralTypeNode(type)) return other;
  switch (type.kind) {
    case ts.SyntaxKind.StringKeyword:
    case ts.SyntaxKind.NumberKeyword:
    case ts.SyntaxKind.BooleanKeyword:
    case ts.SyntaxKind.BigIntKeyword:
    case ts.SyntaxKind.SymbolKeyword:
    case ts.SyntaxKind.VoidKeyword:
    case ts.SyntaxKind.UndefinedKeyword:
    case ts.SyntaxKind.NeverKeyword:
    case ts.SyntaxKind.ObjectKeyword:
      return other;
    default:
      // `typeof x`, mapped and conditional types: the syntax cannot tell.
      return type.kind === ts.SyntaxKind.AnyKeyword || type.kind === ts.SyntaxKind.UnknownKeyword ? other : unreadable;
  }
}

/** `import('./types').AppClient`, `import('./types').default`: a type of another module named in place. */
function importTypeOf(a: Analyzer, type: ts.ImportTypeNode, depth: number): DeclaredType | undefined {
  const argument = type.argument;
  // `typeof import('./x')` is a module's value; `import('./x').NS.T` goes through a namespace: the syntax leaves both to the checker.
  if (type.isTypeOf || !ts.isLiteralTypeNode(argument) || !ts.isStringLiteral(argument.literal) || !type.qualifier || !ts.isIdentifier(type.qualifier)) return unreadable;
  return importedType(a, fileOf(type), argument.literal.text, type.qualifier.text, depth + 1);
}

function typeOfReference(a: Analyzer, type: ts.TypeReferenceNode, depth: number): DeclaredType | undefined {
  const typeName = type.typeName;
  if (ts.isQualifiedName(typeName)) {
    // `LD.LDClient` through a namespace import; `ns.Type` of a workspace module.
    if (!ts.isIdentifier(typeName.left)) return unreadable;
    const binding = lookupName(typeName, typeName.left.text);
    if (binding?.kind !== 'import' || (binding.importName !== '*' && binding.importName !== 'default')) return unreadable;
    const resolved = a.ws.resolve(fileOf(binding.decl), binding.specifier);
    if (resolved?.kind === 'sdk') return { kind: 'sdk', module: resolved.module, name: typeName.right.text };
    return resolved?.kind === 'file' ? exportedType(a, resolved.file, typeName.right.text, depth + 1) : unreadable;
  }
  const found = typeByName(a, type, typeName.text, depth + 1);
  if (found !== 'global') return found;
  if (passThrough.has(typeName.text)) return typeOfNode(a, type.typeArguments?.[0], depth + 1);
  return knownOther.has(typeName.text) ? other : unreadable;
}

/** Whether a workspace type extends or implements an SDK client (`interface AppClient extends LDClient`). */
function holderClient(a: Analyzer, holder: MemberHolder, depth: number): DeclaredType | undefined {
  if (ts.isTypeLiteralNode(holder)) return undefined;
  for (const clause of holder.heritageClauses ?? []) {
    for (const base of clause.types) {
      if (!ts.isIdentifier(base.expression) && !ts.isPropertyAccessExpression(base.expression)) continue;
      const name = ts.isIdentifier(base.expression) ? base.expression.text : undefined;
      const found = name ? typeByName(a, base, name, depth + 1) : undefined;
      if (found && found !== 'global' && found.kind === 'sdk' && typeIsClient(found.module, found.name)) return found;
    }
  }
  return undefined;
}

/** The declared type of member `name` of a type (a property's type; a method is no client). */
export function memberType(a: Analyzer, owner: DeclaredType | undefined, name: string, depth: number): DeclaredType | undefined {
  if (!owner || tooDeep(depth)) return undefined;
  // A member of an SDK type or of an unreadable one: only the checker knows.
  if (owner.kind !== 'members') return owner.kind === 'other' ? other : unreadable;
  const answers: (DeclaredType | undefined)[] = [];
  for (const holder of owner.decls) {
    for (const m of holder.members as ts.NodeArray<ts.TypeElement | ts.ClassElement>) {
      if (propertyNameText(m.name) !== name) continue;
      if (ts.isPropertySignature(m)) answers.push(m.type ? typeOfNode(a, m.type, depth + 1) : undefined);
      else if (ts.isPropertyDeclaration(m)) answers.push(m.type ? typeOfNode(a, m.type, depth + 1) : m.initializer ? expressionType(a, m.initializer, depth + 1) : undefined);
      else if (ts.isGetAccessorDeclaration(m)) answers.push(m.type ? typeOfNode(a, m.type, depth + 1) : undefined);
      else answers.push(other);
    }
    if (ts.isClassLike(holder)) {
      const ctor = holder.members.find(ts.isConstructorDeclaration);
      for (const p of ctor?.parameters ?? []) {
        if (ts.isIdentifier(p.name) && p.name.text === name && ts.getModifiers(p)?.length) answers.push(typeOfNode(a, p.type, depth + 1));
      }
    }
    if (answers.length > 0) continue;
    // Inherited members: from workspace bases only (an SDK base says nothing about a member's type).
    if (!ts.isTypeLiteralNode(holder)) {
      for (const clause of holder.heritageClauses ?? []) {
        for (const base of clause.types) {
          if (!ts.isIdentifier(base.expression)) continue;
          const found = typeByName(a, base, base.expression.text, depth + 1);
          if (found && found !== 'global' && found.kind === 'members') answers.push(memberType(a, found, name, depth + 1));
        }
      }
    }
  }
  // Not declared: no member of a workspace type by that name (or an index signature): the syntax cannot tell.
  return answers.length > 0 ? merge(answers) : undefined;
}

/** The declared return type of a method member. */
function methodReturnType(a: Analyzer, owner: DeclaredType | undefined, name: string, depth: number): DeclaredType | undefined {
  if (owner?.kind !== 'members') return owner ? (owner.kind === 'other' ? other : unreadable) : undefined;
  for (const holder of owner.decls) {
    for (const m of holder.members as ts.NodeArray<ts.TypeElement | ts.ClassElement>) {
      if (propertyNameText(m.name) !== name) continue;
      if (ts.isMethodSignature(m) || ts.isMethodDeclaration(m)) return m.type ? typeOfNode(a, m.type, depth + 1) : undefined;
      if ((ts.isPropertySignature(m) || ts.isPropertyDeclaration(m)) && m.type && ts.isFunctionTypeNode(m.type)) return typeOfNode(a, m.type.type, depth + 1);
    }
  }
  return undefined;
}

function applyBindingPath(a: Analyzer, type: DeclaredType | undefined, binding: Binding, depth: number): DeclaredType | undefined {
  if (binding.kind !== 'variable' && binding.kind !== 'parameter') return type;
  let current = type;
  for (const step of binding.path) {
    if (!('property' in step)) return undefined;
    current = memberType(a, current, step.property, depth + 1);
  }
  return current;
}

function enclosingClass(node: ts.Node): ts.ClassLikeDeclaration | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (ts.isClassLike(current)) return current;
    if (ts.isFunctionDeclaration(current) || ts.isFunctionExpression(current)) return undefined;
  }
  return undefined;
}

/** The return type a called function declares. */
function returnTypeOfCallee(a: Analyzer, callee: ts.Expression, depth: number): DeclaredType | undefined {
  if (ts.isPropertyAccessExpression(callee)) return methodReturnType(a, expressionType(a, callee.expression, depth + 1), callee.name.text, depth + 1);
  if (!ts.isIdentifier(callee)) return undefined;
  const binding = lookupName(callee, callee.text);
  let fn: ts.SignatureDeclaration | undefined;
  if (binding?.kind === 'function') fn = binding.node;
  else if (binding?.kind === 'variable' && binding.path.length === 0 && binding.decl.initializer) {
    const init = unwrapExpression(binding.decl.initializer);
    if (ts.isArrowFunction(init) || ts.isFunctionExpression(init)) fn = init;
  } else if (binding?.kind === 'import') {
    if (importUnparsedNow(a, binding)) return undefined;
    const target = a.symbols.declaredBinding(binding);
    if (target?.kind === 'binding' && target.binding.kind === 'function') fn = target.binding.node;
    else if (target?.kind === 'binding' && target.binding.kind === 'variable' && target.binding.path.length === 0) {
      // `export const getCtx = (): Ctx => …`, `export declare const getCtx: () => Ctx`.
      const returned = declaredReturnOf(target.binding.decl);
      return returned ? typeOfNode(a, returned, depth + 1) : undefined;
    } else if (target?.kind === 'sdkExport') return undefined;
  }
  return fn?.type ? typeOfNode(a, fn.type, depth + 1) : undefined;
}

/** The return type a variable's declaration gives the function it holds: its annotation's, or its arrow's or function's. */
export function declaredReturnOf(decl: ts.VariableDeclaration): ts.TypeNode | undefined {
  if (decl.type) return ts.isFunctionTypeNode(decl.type) ? decl.type.type : undefined;
  const init = decl.initializer && unwrapExpression(decl.initializer);
  return init && (ts.isArrowFunction(init) || ts.isFunctionExpression(init)) ? init.type : undefined;
}

/** In a lookup that reads parsed files only: whether the module an import names is not parsed yet (then passed over). */
function importUnparsedNow(a: Analyzer, binding: Extract<Binding, { kind: 'import' }>): boolean {
  const resolved = a.ws.resolve(fileOf(binding.decl), binding.specifier);
  return resolved?.kind === 'file' && unparsedNow(a, resolved.file);
}

/** An imported value: a workspace function, class or enum is no client; a variable has its declared type. */
function importedValueType(a: Analyzer, binding: Extract<Binding, { kind: 'import' }>, depth: number): DeclaredType | undefined {
  const resolved = a.ws.resolve(fileOf(binding.decl), binding.specifier);
  if (resolved?.kind !== 'file' || binding.importName === '*') return resolved?.kind === 'file' ? other : undefined;
  if (unparsedNow(a, resolved.file)) return undefined;
  const target = a.symbols.declaredBinding(binding);
  if (target?.kind !== 'binding') return undefined;
  const inner = target.binding;
  if (inner.kind === 'function' || inner.kind === 'class' || inner.kind === 'enum') return other;
  if (inner.kind === 'variable' && inner.path.length === 0) {
    if (inner.decl.type) return typeOfNode(a, inner.decl.type, depth + 1);
    return inner.decl.initializer ? expressionType(a, inner.decl.initializer, depth + 1) : undefined;
  }
  return undefined;
}

/**
 * A function expression whose parameters the code it is handed to types (`wrap(async (req, res) => …)`,
 * `const h: Handler = (req) => …`): they are declared, only not where the syntax reads.
 */
function contextualParameterType(a: Analyzer, fn: ts.SignatureDeclaration, index: number, depth: number): DeclaredType | undefined {
  if (!ts.isArrowFunction(fn) && !ts.isFunctionExpression(fn)) return undefined;
  let parent = fn.parent;
  while (parent && (ts.isParenthesizedExpression(parent) || ts.isAsExpression(parent) || ts.isSatisfiesExpression(parent))) parent = parent.parent;
  if (!parent) return undefined;
  if (ts.isCallExpression(parent) || ts.isNewExpression(parent)) return parent.arguments?.some((arg) => arg === fn || unwrapExpression(arg) === fn) ? unreadable : undefined;
  if (ts.isVariableDeclaration(parent) && parent.type) {
    // `const h: (config: IUnleashConfig) => RequestHandler = (config) => …`: the annotation says it.
    if (ts.isFunctionTypeNode(parent.type)) return typeOfNode(a, parent.type.parameters[index]?.type, depth + 1) ?? unreadable;
    return unreadable;
  }
  return ts.isPropertyAssignment(parent) ? unreadable : undefined;
}

/** The declared type of an expression, read from annotations along the way (parameters, variables, fields, returns). */
export function expressionType(a: Analyzer, raw: ts.Expression, depth = 0): DeclaredType | undefined {
  if (tooDeep(depth)) return undefined;
  // A cast of a value from elsewhere declares its type as an annotation would (`container.get(LD) as LDClient`).
  const asserted = assertedType(raw);
  if (asserted) return typeOfNode(a, asserted, depth + 1);
  let expression = unwrapExpression(raw);
  while (ts.isAwaitExpression(expression)) expression = unwrapExpression(expression.expression);
  const memo = expressionMemo(a);
  const cached = memo.get(expression);
  if (cached === 'pending') return undefined;
  if (cached !== undefined) return cached ?? undefined;
  memo.set(expression, 'pending');
  const value = expressionTypeUncached(a, expression, depth);
  memo.set(expression, value ?? null);
  return value;
}

function expressionTypeUncached(a: Analyzer, expression: ts.Expression, depth: number): DeclaredType | undefined {
  if (ts.isIdentifier(expression)) {
    const binding = lookupName(expression, expression.text);
    if (!binding) return undefined;
    if (binding.kind === 'parameter') {
      const declared = binding.decl.type ? typeOfNode(a, binding.decl.type, depth + 1) : contextualParameterType(a, binding.fn, binding.index, depth);
      return applyBindingPath(a, declared, binding, depth);
    }
    if (binding.kind === 'variable') {
      const declared = binding.decl.type ? typeOfNode(a, binding.decl.type, depth + 1) : binding.decl.initializer ? expressionType(a, binding.decl.initializer, depth + 1) : undefined;
      return applyBindingPath(a, declared, binding, depth);
    }
    if (binding.kind === 'function' || binding.kind === 'class' || binding.kind === 'enum') return other;
    if (binding.kind === 'import') return importedValueType(a, binding, depth);
    return undefined;
  }
  if (expression.kind === ts.SyntaxKind.ThisKeyword) {
    const cls = enclosingClass(expression);
    return cls ? { kind: 'members', decls: [cls] } : undefined;
  }
  if (ts.isPropertyAccessExpression(expression)) return memberType(a, expressionType(a, expression.expression, depth + 1), expression.name.text, depth + 1);
  if (ts.isElementAccessExpression(expression) && ts.isStringLiteralLike(expression.argumentExpression)) {
    return memberType(a, expressionType(a, expression.expression, depth + 1), expression.argumentExpression.text, depth + 1);
  }
  if (ts.isCallExpression(expression)) return returnTypeOfCallee(a, unwrapExpression(expression.expression), depth + 1);
  if (ts.isNewExpression(expression) && ts.isIdentifier(expression.expression)) {
    // `new Toggles()`: an instance of a workspace class (an SDK class is classified before this is asked).
    const found = typeByName(a, expression, expression.expression.text, depth + 1);
    // `new URLSearchParams()`: a global class is no SDK client.
    return found === 'global' ? other : found;
  }
  if (ts.isStringLiteralLike(expression) || ts.isNumericLiteral(expression) || ts.isArrayLiteralExpression(expression) || ts.isArrowFunction(expression) || ts.isFunctionExpression(expression)) return other;
  return undefined;
}

/**
 * Whether a declared type makes a receiver an SDK client: the client (`undefined` when nothing is
 * declared or the syntax cannot read it; `null` when the type is declared and is no client, such as
 * a workspace interface that merely has `getFeatureValue`).
 */
export function declaredClient(a: Analyzer, type: DeclaredType | undefined): SdkModule | null | undefined {
  if (!type || type.kind === 'unreadable') return undefined;
  if (type.kind === 'sdk') return typeIsClient(type.module, type.name) ? type.module : null;
  if (type.kind === 'members') {
    for (const holder of type.decls) {
      const base = holderClient(a, holder, 0);
      if (base?.kind === 'sdk') return base.module;
    }
  }
  return null;
}

/**
 * Whether a workspace type leads to an SDK client through its properties (a few levels deep): true
 * when it does, false when its declarations show it does not, undefined when the type itself is one
 * the syntax cannot read (`typeof gb`, a mapped type). Methods count by their declared return type.
 * Deeper levels made wide type graphs cost the cube of their size.
 */
export function typeLeadsToClient(a: Analyzer, type: DeclaredType | undefined, depth = 0, seen = new Map<ts.Node, number>()): boolean | undefined {
  if (!type || depth > 2) return false;
  if (type.kind === 'unreadable') return undefined;
  if (declaredClient(a, type)) return true;
  if (type.kind !== 'members') return false;
  for (const holder of type.decls) {
    // A class held by a property is a service of its own (files importing it are found through it): a
    // registry of services (`IUnleashServices`) would otherwise make every file that names it a candidate.
    if (depth > 0 && ts.isClassLike(holder)) continue;
    // Looked at again only from a level nearer the top: met first deep down (`a: { m: M }` then `M { h: H }`),
    // a type's client may lie past the last level there and within it when the type is met higher up (`h: H`).
    const before = seen.get(holder);
    if (before !== undefined && before <= depth) continue;
    seen.set(holder, depth);
    for (const m of holder.members as ts.NodeArray<ts.TypeElement | ts.ClassElement>) {
      let memberTypeNode: ts.TypeNode | undefined;
      // A class's methods are found at their calls (a service whose one method hands out a client would
      // make every file that imports the service a candidate); an interface's method signatures count.
      if (ts.isPropertySignature(m) || ts.isPropertyDeclaration(m) || ts.isMethodSignature(m)) memberTypeNode = m.type;
      if (!memberTypeNode) {
        // A field without an annotation has its initializer's declared type (`client = createClient()`, the factory declared to return one).
        if (ts.isPropertyDeclaration(m) && m.initializer && typeLeadsToClient(a, expressionType(a, m.initializer, depth + 1), depth + 1, seen) === true) return true;
        continue;
      }
      // A member the syntax cannot read (a package's type, `typeof x`) does not count: nearly every type has one.
      // A type literal written in place (`a: { b: { flags: GrowthBook } }`) is no step to another type: the
      // levels count named types only, whose graphs can be wide; what is written inline is bounded by the text.
      const next = ts.isTypeLiteralNode(memberTypeNode) ? depth : depth + 1;
      if (typeLeadsToClient(a, typeOfNode(a, memberTypeNode, depth + 1), next, seen)) return true;
    }
  }
  return false;
}

/**
 * Runs `work` with type lookups that read only files parsed already; `unparsedMet` gets the ones
 * passed over, whose parse may change the answer (see clientTypeExports).
 */
/** Whether the lookup under way reads parsed files only (see withParsedFilesOnly). */
export function readingParsedFilesOnly(): boolean {
  return parsedFilesOnly;
}

export function withParsedFilesOnly<T>(unparsedMet: (readonly string[])[] | undefined, work: () => T): T {
  const outer = parsedFilesOnly;
  const outerMet = passedOver;
  parsedFilesOnly = true;
  passedOver = unparsedMet;
  try {
    return work();
  } finally {
    parsedFilesOnly = outer;
    passedOver = outerMet;
  }
}
