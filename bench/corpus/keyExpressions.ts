import type { BenchFlag, FlagQueue } from './flagCatalog';
import type { ImportSet } from './importSet';
import type { Random } from './random';
import type { ReferenceSite } from './sourceWriter';

/** What a flag-referencing section needs from the file it is written into. */
export interface FlagSectionContext {
  random: Random;
  queue: FlagQueue;
  imports: ImportSet;
  /** Module-level lines written right after the imports. */
  prelude: string[];
  /** Specifier of a module under this package's `src/flags/`, relative to the file. */
  appFlagsModule(name: string): string;
  /** The flag `src/flags/primaryFlag.ts` default-exports in this package. */
  primaryFlag: BenchFlag;
  /** Browser package: client-side SDK variants. */
  web: boolean;
  /** Names already declared at module level, to keep generated constants unique. */
  declared: Set<string>;
}

export const flagsPackage = '@bench/flags';

export interface KeyExpression {
  flag: BenchFlag;
  text: string;
  /** How the key is spelled, recorded with the expected reference for diagnosis. */
  via: string;
}

/** A key expression for `flag`, in one of the forms the index must resolve. */
export function keyExpression(context: FlagSectionContext, flag: BenchFlag = context.queue.next()): KeyExpression {
  const { random, imports } = context;
  const roll = random.next();
  if (roll < 0.25) return { flag, text: `'${flag.key}'`, via: 'literal' };
  if (roll < 0.3) return { flag, text: `\`${flag.key}\``, via: 'template' };
  if (roll < 0.4) {
    const name = `${flag.constant}_FLAG`;
    if (!context.declared.has(name)) {
      context.declared.add(name);
      context.prelude.push(`const ${name} = '${flag.key}';`);
    }
    return { flag, text: name, via: 'localConst' };
  }
  if (roll < 0.55) {
    const aliased = random.chance(0.3);
    const local = imports.named(flagsPackage, flag.constant, aliased ? `${flag.camel}Key` : undefined);
    return { flag, text: local, via: aliased ? 'packageConstAlias' : 'packageConst' };
  }
  if (roll < 0.6) return { flag, text: `${imports.namespace(flagsPackage, 'flagKeys')}.${flag.constant}`, via: 'namespaceConst' };
  if (roll < 0.7) return { flag, text: `${imports.named(flagsPackage, 'FLAGS')}.${flag.constant}`, via: 'asConstMap' };
  if (roll < 0.75) return { flag, text: `${imports.named(flagsPackage, 'FLAGS')}['${flag.constant}']`, via: 'asConstMapElement' };
  if (roll < 0.8) return { flag, text: `${imports.named(flagsPackage, 'FLAG_GROUPS')}.${flag.group}.${flag.camel}`, via: 'nestedMap' };
  if (roll < 0.9) return { flag, text: `${imports.named(flagsPackage, 'Flag')}.${flag.enumMember}`, via: 'enum' };
  if (roll < 0.97) return { flag, text: imports.named(context.appFlagsModule('keys'), `${flag.constant}_KEY`), via: 'relativeConst' };
  return defaultImportKey(context);
}

/** The package's default-exported flag constant (`import primaryFlag from '../flags/primaryFlag'`). */
export function defaultImportKey(context: FlagSectionContext): KeyExpression {
  const local = context.imports.defaultImport(context.appFlagsModule('primaryFlag'), 'primaryFlag');
  return { flag: context.primaryFlag, text: local, via: 'defaultImport' };
}

/** The expected-reference record for a key expression written on one line. */
export function expressionSite(key: KeyExpression, pattern: string, statement: boolean): ReferenceSite {
  return { key: key.flag.key, pattern: `${pattern}/${key.via}`, keyText: key.text, keyForm: 'expression', statement };
}

/** A flags-object property (`useFlags()` destructuring or property read) that names the flag in camelCase. */
export function camelSite(flag: BenchFlag, pattern: string, statement: boolean): ReferenceSite {
  return { key: flag.key, pattern, keyText: flag.camel, keyForm: 'camel', statement };
}
