import { ts as morphTs } from 'ts-morph';

/**
 * TypeScript's API, the same module ts-morph uses. Imported from here rather than from ts-morph:
 * bundled, `import { ts } from 'ts-morph'` turns every `ts.isIdentifier(…)` into two getter calls
 * (esbuild's interop, then ts-morph's re-export) before the property itself, and the analysis makes
 * millions of them, most while the code is still cold. This alias is read once, when the module loads.
 */
export import ts = morphTs;
