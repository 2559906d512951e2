import * as path from 'node:path';
import type { FlagReference } from '../../references/model';

/** A file as people read it: relative to the folder when inside it, else its name. */
export function displayPath(file: string, root: string | undefined): string {
  if (root) {
    const relative = path.posix.relative(root, file);
    if (relative && !relative.startsWith('..') && !path.posix.isAbsolute(relative)) return relative;
  }
  return path.posix.basename(file);
}

/** `CheckoutPage.tsx:7` (1-based line), the way editors and terminals show a location. */
export function locationText(reference: FlagReference): string {
  return `${path.posix.basename(reference.file)}:${reference.keySpan.startLine + 1}`;
}

/** The parts of "how this key was found"; the hover puts `name` and `file` in code spans. */
export interface Resolution {
  /** `literal`, `constant`, `enum member`, `wrapper`, `flags property`, `text match`, `built from constants`. */
  how: string;
  name?: string;
  /** Where `name` is declared, for display; `this file` when it is the reference's own. */
  from?: string;
}

/** How a reference's key was found, from what the index recorded (`via`, `origin`). */
export function resolutionOf(reference: FlagReference, root: string | undefined): Resolution {
  if (reference.confidence === 'text') return { how: 'text match' };
  const origin = reference.origin;
  const from = origin?.file === undefined ? undefined : origin.file === reference.file ? 'this file' : displayPath(origin.file, root);
  const named = (how: string): Resolution => (origin ? { how, name: origin.name, ...(from ? { from } : {}) } : { how });
  switch (reference.via) {
    case 'literal':
      return { how: 'literal' };
    case 'constant':
      return origin ? named('constant') : { how: 'built from constants' };
    case 'enum':
      return named('enum member');
    case 'property':
      return named('flags property');
    case 'wrapper':
      return named('wrapper');
  }
}
