import * as path from 'node:path';
import type { ResolvedModule } from './moduleResolver';

/** An import as an analysis met it: the file it is written in, and its specifier. */
export type ImportSite = readonly [from: string, specifier: string];

/**
 * Per analysis, the imports it met that led to no file. The reverse-import map (the files an
 * analysis touched) cannot name a file that did not exist, so a file created later is matched
 * against these: a wrapper or constants module deleted and written again, a module added.
 */
export class UnresolvedImports {
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
   * are written in. Many analyses meet the same missing import: each is resolved once (per folder),
   * and a relative one only if its last segment can name the file at all.
   */
  awaiting(created: string, resolve: (from: string, specifier: string) => ResolvedModule | undefined): { analyses: Set<string>; importers: Set<string> } {
    const names = namesLeadingTo(created);
    const leadsThere = new Map<string, boolean>();
    const analyses = new Set<string>();
    const importers = new Set<string>();
    for (const [file, sites] of this.byAnalysis) {
      for (const [from, specifier] of sites) {
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
        if (!answer) continue;
        analyses.add(file);
        importers.add(from);
      }
    }
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
