import { declarationName, type DeclarationKind } from './fillerDeclarations';
import { nouns, pascal, verbs } from './names';
import type { Random } from './random';

export interface PackagePlan {
  /** Folder under `packages/`. */
  dir: string;
  name: string;
  /** Browser package: React components and client-side SDKs. */
  web: boolean;
  /** Share of its files that are `.tsx`. */
  tsxShare: number;
  weight: number;
}

export const appPackages: readonly PackagePlan[] = [
  { dir: 'web', name: '@bench/web', web: true, tsxShare: 0.6, weight: 3 },
  { dir: 'admin', name: '@bench/admin', web: true, tsxShare: 0.5, weight: 2 },
  { dir: 'mobile', name: '@bench/mobile', web: true, tsxShare: 0.6, weight: 1.5 },
  { dir: 'api', name: '@bench/api', web: false, tsxShare: 0, weight: 3 },
  { dir: 'billing', name: '@bench/billing', web: false, tsxShare: 0, weight: 1.5 },
  { dir: 'worker', name: '@bench/worker', web: false, tsxShare: 0, weight: 1.5 },
  { dir: 'search', name: '@bench/search', web: false, tsxShare: 0, weight: 1 },
  { dir: 'notifications', name: '@bench/notifications', web: false, tsxShare: 0, weight: 1 },
];

export const sharedPackage: PackagePlan = { dir: 'shared', name: '@bench/shared', web: false, tsxShare: 0, weight: 1.5 };

export interface PlannedExport {
  kind: DeclarationKind;
  name: string;
}

export interface FillerFilePlan {
  /** Corpus-relative path. */
  path: string;
  pkg: PackagePlan;
  tsx: boolean;
  exports: PlannedExport[];
  /** Earlier files of the same package this one imports from. */
  dependencies: FillerFilePlan[];
  /** Roughly how many lines to write. */
  targetLines: number;
}

/** Spreads `count` filler files over the packages in folders of ~30 files, each with planned exports and imports. */
export function planFillerFiles(random: Random, count: number, meanLines: number): FillerFilePlan[] {
  const packages = [...appPackages, sharedPackage];
  const totalWeight = packages.reduce((sum, p) => sum + p.weight, 0);
  const plans: FillerFilePlan[] = [];
  let assigned = 0;
  for (const [index, pkg] of packages.entries()) {
    const share = index === packages.length - 1 ? count - assigned : Math.round((count * pkg.weight) / totalWeight);
    assigned += share;
    const taken = new Set<string>();
    const folders = random.shuffle(nouns);
    const packagePlans: FillerFilePlan[] = [];
    for (let i = 0; i < share; i++) {
      const folder = `${folders[Math.floor(i / 30) % folders.length]}${i >= 30 * folders.length ? Math.floor(i / (30 * folders.length)) : ''}`;
      let base = `${random.pick(verbs)}${pascal(random.pick(nouns))}`;
      while (taken.has(`${folder}/${base}`)) base += pascal(random.pick(nouns));
      taken.add(`${folder}/${base}`);
      const tsx = random.chance(pkg.tsxShare);
      const names = new Set<string>();
      const kinds: DeclarationKind[] = tsx ? ['component', 'interface', 'function'] : random.sample(['interface', 'function', 'class', 'type', 'config'] as const, random.int(2, 3));
      const plan: FillerFilePlan = {
        path: `packages/${pkg.dir}/src/${folder}/${base}.${tsx ? 'tsx' : 'ts'}`,
        pkg,
        tsx,
        exports: kinds.map((kind) => ({ kind, name: declarationName(random, kind, names) })),
        dependencies: packagePlans.length > 0 ? Array.from({ length: random.int(0, 3) }, () => random.pick(packagePlans.slice(-60))) : [],
        targetLines: Math.max(60, Math.round(meanLines * (0.4 + random.next() * 1.2))),
      };
      plan.dependencies = [...new Set(plan.dependencies)];
      packagePlans.push(plan);
    }
    plans.push(...packagePlans);
  }
  return plans;
}
