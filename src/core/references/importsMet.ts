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
   * (and `otherSites`) are written in. Many analyses meet the same missing import: each is resolved once (per folder),
   * and a relative one only if its last segment can name the file at all.
   */
  awaiting(
    created: string,
    resolve: (from: string, specifier: string) => ResolvedModule | undefined,
    /** Imports asked elsewhere (FlagReach's answers): their files count as importers too. */
    otherSites: readonly ImportSite[] = [],
  ): { analyses: Set<string>; importers: Set<string> } {
    const names = namesLeadingTo(created);
    const leadsThere = new Map<string, boolean>();
    const leads = ([from, specifier]: ImportSite): boolean => {
      const key = `${path.posix.dirname(from)}\0${specifier}`;
      let answer = leadsThere.get(key);
      if (answer === undefined) {
        if (isRelativeSpecifier(specifier) && !names.has(lastSegmentStem(specifier))) answer = false;
        else {
          const resolved = resolve(from, specifier);
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

/** The stem a relative specifier's last segment names (`./k.js` → `k`; `..` and `./` name themselves). */
function lastSegmentStem(specifier: string): string {
  const last = specifier.slice(specifier.lastIndexOf('/') + 1);
  return last.replace(scriptExtension, '').replace(/\.d$/, '');
}

function isRelativeSpecifier(specifier: string): boolean {
  return specifier.startsWith('.') || specifier.startsWith('/');
}

/**
 * Every last segment of a relative specifier that can resolve to `file`: its own stem (through
 * `rootDirs` and build outputs too), and the name of each folder above it (an index file, or a
 * folder's package.json entry); `.`, `..` and a trailing `/` name a folder as well.
 */
function namesLeadingTo(file: string): Set<string> {
  const names = new Set(['', '.', '..', path.posix.basename(file).replace(scriptExtension, '').replace(/\.d$/, '')]);
  for (let dir = path.posix.dirname(file); dir !== path.posix.dirname(dir); dir = path.posix.dirname(dir)) names.add(path.posix.basename(dir));
  return names;
}
