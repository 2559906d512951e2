import * as path from 'node:path';
import { declarationName, declarationWriters, type DeclarationKind } from './fillerDeclarations';
import { decoySection } from './decoys';
import type { BenchFlag, FlagQueue } from './flagCatalog';
import { ImportSet } from './importSet';
import type { FlagSectionContext } from './keyExpressions';
import type { FillerFilePlan } from './layout';
import { pascal } from './names';
import type { Random } from './random';
import { customHookCalls, growthBookReact, launchDarklyReact, openFeatureReact, reactWrapperCalls, unleashReact } from './reactFamilies';
import { customResolverCalls, growthBookCalls, launchDarklyCalls, openFeatureCalls, serverWrapperCalls, unleashCalls } from './serverFamilies';
import { SourceWriter } from './sourceWriter';

export interface FileRole {
  /** How many flag references to write (0: none). */
  flagReferences: number;
  decoy: boolean;
}

export interface CorpusFlags {
  flags: readonly BenchFlag[];
  queue: FlagQueue;
  /** The default-exported key of each package, by package dir. */
  primaryFlags: ReadonlyMap<string, BenchFlag>;
  /** Flag sections written so far per file kind: families are dealt in turn so each one shows up. */
  dealt: { tsx: number; ts: number };
}

type Family = (w: SourceWriter, context: FlagSectionContext, count: number) => void;

const reactFamilies: readonly Family[] = [launchDarklyReact, openFeatureReact, unleashReact, growthBookReact, customHookCalls];
const serverFamilies: readonly Family[] = [launchDarklyCalls, openFeatureCalls, unleashCalls, growthBookCalls, serverWrapperCalls, customResolverCalls];

function relativeSpecifier(from: string, to: string): string {
  const specifier = path.posix.relative(path.posix.dirname(from), to).replace(/\.tsx?$/, '');
  return specifier.startsWith('.') ? specifier : `./${specifier}`;
}

/** The flag-referencing part of a file: one or two SDK families (plus the package's own wrappers), written to its own writer. */
function flagSection(plan: FillerFilePlan, random: Random, corpus: CorpusFlags, imports: ImportSet, prelude: string[], declared: Set<string>, count: number): SourceWriter {
  const context: FlagSectionContext = {
    random,
    queue: corpus.queue,
    imports,
    prelude,
    appFlagsModule: (name) => relativeSpecifier(plan.path, `packages/${plan.pkg.dir}/src/flags/${name}.ts`),
    primaryFlag: corpus.primaryFlags.get(plan.pkg.dir) as BenchFlag,
    web: plan.pkg.web,
    declared,
  };
  const w = new SourceWriter(plan.path);
  const families: Family[] = plan.tsx
    ? [reactFamilies[corpus.dealt.tsx++ % reactFamilies.length] as Family, ...(plan.pkg.web && random.chance(0.3) ? [reactWrapperCalls] : [])]
    : [serverFamilies[corpus.dealt.ts++ % serverFamilies.length] as Family, ...(random.chance(0.3) ? [serverFamilies[corpus.dealt.ts++ % serverFamilies.length] as Family] : [])];
  let remaining = count;
  for (const [index, family] of families.entries()) {
    const share = index === families.length - 1 ? remaining : Math.max(1, Math.floor(count / families.length));
    remaining -= share;
    if (share > 0) {
      w.line('');
      family(w, context, share);
    }
  }
  return w;
}

/** One ~N-line module: imports, a logger, planned exports plus local declarations, optional flag and decoy sections. */
export function writeSourceFile(plan: FillerFilePlan, random: Random, role: FileRole, corpus: CorpusFlags): SourceWriter {
  const imports = new ImportSet();
  const declared = new Set<string>(['logger', ...plan.exports.map((e) => e.name)]);
  if (plan.tsx) for (const hook of ['useEffect', 'useMemo', 'useState']) imports.named('react', hook);
  imports.named('@bench/shared', 'createLogger');
  imports.named('@bench/shared', 'Logger');
  const linked: string[] = [];
  for (const dependency of plan.dependencies) {
    for (const exported of dependency.exports.slice(0, 2)) {
      const local = declared.has(exported.name) ? `${exported.name}From${pascal(path.posix.basename(dependency.path).replace(/\.tsx?$/, ''))}` : exported.name;
      if (declared.has(local)) continue;
      declared.add(local);
      linked.push(imports.named(relativeSpecifier(plan.path, dependency.path), exported.name, local === exported.name ? undefined : local));
    }
  }
  const prelude: string[] = [`const logger = createLogger('${plan.path.split('/').slice(-2).join('/')}');`];
  const sections: SourceWriter[] = [];
  if (role.flagReferences > 0) sections.push(flagSection(plan, random, corpus, imports, prelude, declared, role.flagReferences));
  if (role.decoy) {
    const decoy = new SourceWriter(plan.path);
    decoy.line('');
    decoySection(decoy, random, corpus.flags, imports, plan.pkg.web ? relativeSpecifier(plan.path, `packages/${plan.pkg.dir}/src/state/useFlag.ts`) : undefined, declared);
    sections.push(decoy);
  }

  const w = new SourceWriter(plan.path);
  for (const line of imports.render()) w.line(line);
  w.line('');
  for (const line of prelude) w.line(line);
  const declarations: { kind: DeclarationKind; name: string; exported: boolean }[] = plan.exports.map((e) => ({ ...e, exported: true }));
  const insertAt = random.next();
  while (w.lineCount < plan.targetLines || declarations.length > 0) {
    if (sections.length > 0 && w.lineCount >= plan.targetLines * insertAt) w.append(sections.shift() as SourceWriter);
    const next = declarations.shift() ?? localDeclaration(random, plan.tsx, declared);
    w.line('');
    declarationWriters[next.kind](w, random, next.name, next.exported);
  }
  for (const section of sections) w.append(section);
  if (linked.length > 0) {
    w.line('');
    w.open(`export function ${uniqueName(declared, `linked${pascal(path.posix.basename(plan.path).replace(/\.tsx?$/, ''))}`)}(): unknown[] {`);
    w.line(`return [${linked.join(', ')}];`);
    w.close();
  }
  return w;
}

function localDeclaration(random: Random, tsx: boolean, declared: Set<string>): { kind: DeclarationKind; name: string; exported: boolean } {
  const kinds: DeclarationKind[] = tsx ? ['component', 'function', 'interface', 'function', 'config'] : ['function', 'class', 'interface', 'function', 'type', 'enum', 'config'];
  const kind = random.pick(kinds);
  return { kind, name: declarationName(random, kind, declared), exported: random.chance(0.3) };
}

function uniqueName(declared: Set<string>, name: string): string {
  let out = name;
  while (declared.has(out)) out += 'Next';
  declared.add(out);
  return out;
}
