import * as path from 'node:path';
import type { ResolvedModule } from './moduleResolver';

/** An import as an analysis met it: the file it is written in, and its specifier. */
export type ImportSite = readonly [from: string, specifier: string];

/**
 * Per analysis, the imports it met that a script created later could satisfy: those that led to no
 * file, and those that led to one a new file may shadow (`./k` → `k/index.ts`, then `k.ts`). The
 * reverse-import map (the files an analysis touched) cannot name a file that did not exist, so a
 * created file is matched against these: a wrapper or constants module deleted and written again,
 * a module added.
 */
export class ImportsMet {
  private readonly byAnalysis = new Map<string, ImportSite[]>();

  /** What the analysis of `file` met (each import once); none: forgets the file. */
  set(file: string, sites: readonly ImportSite[]): void {
    if (sites.length === 0) this.byAnalysis.delete(file);
    else this.byAnalysis.set(file, [...new Map(sites.map((site) => [`${site[0]}\0${site[1]}`, site])).values()]);
  }

  delete(file: string): void {
    this.byAnalysis.delete(file);
  }

  /**
   * The analyses that met an import which now resolves to `created`, and the files those imports
   * (and `otherSites`) are written in. Many analyses meet the same import: each is resolved once
   * per folder, and one that can only resolve by a path join only if its last segment can name the
   * file at all.
   */
  awaiting(
    created: string,
    resolver: { resolve(from: string, specifier: string): ResolvedModule | undefined; resolvesByJoinOnly(from: string, specifier: string): boolean; entryFolderNames(): Set<string> },
    /** Imports asked elsewhere (FlagReach's answers): their files count as importers too. */
    otherSites: readonly ImportSite[] = [],
  ): { analyses: Set<string>; importers: Set<string> } {
    const names = namesLeadingTo(created);
    // A folder's package.json entry may lie outside it (`"main": "../shared/entry.js"`): a join that names such a folder is resolved.
    for (const folder of resolver.entryFolderNames()) names.add(folder);
    const leadsThere = new Map<string, boolean>();
    // Whether the key that resolves a site could be answered by name alone: a path join can only end at a file so named.
    const nameOnly = new Map<string, boolean>();
    const leads = ([from, specifier]: ImportSite): boolean => {
      const last = specifier.slice(specifier.lastIndexOf('/') + 1);
      const named = names.has(last) || names.has(stemOf(last));
      // Most sites end here: a relative import is a join from its file's folder.
      if (!named && (specifier.startsWith('.') || specifier.startsWith('/'))) return false;
      const key = `${path.posix.dirname(from)}\0${specifier}`;
      let answer = leadsThere.get(key);
      if (answer === undefined) {
        let joined = nameOnly.get(key);
        if (joined === undefined) nameOnly.set(key, (joined = resolver.resolvesByJoinOnly(from, specifier)));
        if (joined && !named) answer = false;
        else {
          const resolved = resolver.resolve(from, specifier);
          answer = resolved?.kind === 'file' && resolved.file === created;
        }
        leadsThere.set(key, answer);
      }
      return answer;
    };
    const analyses = new Set<string>();
    const importers = new Set<string>();
    for (const [file, sites] of this.byAnalysis) {
      for (const site of sites) {
        if (!leads(site)) continue;
        analyses.add(file);
        importers.add(site[0]);
      }
    }
    for (const site of otherSites) if (leads(site)) importers.add(site[0]);
    return { analyses, importers };
  }
}

const scriptExtension = /\.(?:[cm]?[jt]sx?|json)$/;

/** A name without its script extension (`k.js` → `k`, `k.d.ts` → `k`). */
function stemOf(name: string): string {
  return name.replace(scriptExtension, '').replace(/\.d$/, '');
}

/**
 * Every last segment of a joined specifier that can resolve to `file`, by itself or without its
 * extension (`./k.js` → `k.ts`, also through `rootDirs` and build outputs): the file's name and
 * stem, and the name of each folder above it (an index file, or a folder's package.json entry);
 * `.`, `..` and a trailing `/` name a folder as well.
 */
function namesLeadingTo(file: string): Set<string> {
  const base = path.posix.basename(file);
  const names = new Set(['', '.', '..', base, stemOf(base)]);
  for (let dir = path.posix.dirname(file); dir !== path.posix.dirname(dir); dir = path.posix.dirname(dir)) names.add(path.posix.basename(dir));
  return names;
}
