import picomatch from 'picomatch';

/**
 * Globs come from the workspace (`.flaglens.json`), so they are untrusted input, and picomatch
 * turns them into backtracking regular expressions: `*a*a*a*a*a*c` against a long file name runs
 * for minutes in one `test` call that nothing can interrupt. Every workspace glob is compiled here:
 * extglobs are off (`+(a|aa)` backtracks exponentially), runs of `*` are collapsed, and a glob
 * whose shape can still backtrack badly is refused with a one-line reason instead of compiled.
 *
 * The limits were measured against the worst names a file system allows (255-byte segments,
 * ~4 KiB paths): within them one test stays under ~0.1 s; one wildcard more costs seconds.
 */

/** Single `*` in one path segment: each one multiplies the tries by the segment's length. */
export const maxStarsPerSegment = 3;
/** `**` segments: each one multiplies the tries by the whole path's length. */
export const maxGlobstars = 2;
/** `*`, `**` and `{…}`/`(…)` alternatives together: beyond this, combinations backtrack for seconds. */
export const maxWildcards = 4;
/** No real path pattern is this long; a longer one only makes the compiled matcher too large. */
export const maxGlobLength = 1000;

const options = { dot: true, noextglob: true } as const;

export type SafeGlob =
  | { ok: true; /** The glob as compiled (runs of `*` collapsed). */ pattern: string; regex: RegExp; test: (path: string) => boolean }
  | { ok: false; /** One line, without the glob itself. */ reason: string };

/** Compiles a workspace glob (matching dot files), or says why it is refused. */
export function compileSafeGlob(glob: string): SafeGlob {
  const shape = globShape(glob);
  const reason = refusal(glob, shape);
  if (reason) return { ok: false, reason };
  try {
    return { ok: true, pattern: shape.pattern, regex: picomatch.makeRe(shape.pattern, options), test: picomatch(shape.pattern, options) };
  } catch (error) {
    return { ok: false, reason: `it is not a valid glob (${(error as Error).message}).` };
  }
}

/** Why this glob would be refused (for config validation), or undefined when it is fine. */
export function globRefusal(glob: string): string | undefined {
  const compiled = compileSafeGlob(glob);
  return compiled.ok ? undefined : compiled.reason;
}

function refusal(glob: string, shape: GlobShape): string | undefined {
  if (glob.length > maxGlobLength) return `it is longer than ${maxGlobLength} characters.`;
  if (shape.maxSegmentStars > maxStarsPerSegment) {
    return `it has ${shape.maxSegmentStars} '*' wildcards in one path segment (at most ${maxStarsPerSegment}); matching it could take minutes.`;
  }
  if (shape.globstars > maxGlobstars) return `it has ${shape.globstars} '**' segments (at most ${maxGlobstars}); matching it could take minutes.`;
  const wildcards = shape.stars + shape.globstars + shape.groups;
  if (wildcards > maxWildcards) {
    return `it has ${wildcards} wildcards ('*', '**', '{…}' or '(…)'; at most ${maxWildcards}); matching it could take minutes.`;
  }
  return undefined;
}

interface GlobShape {
  pattern: string;
  stars: number;
  globstars: number;
  groups: number;
  maxSegmentStars: number;
}

/**
 * Collapses runs of `*` (`a**b` and `***` mean `*` to picomatch; only a whole-segment `**` is a
 * globstar) and counts the wildcards. Escaped characters are kept as they are. Stars inside
 * `[…]` are counted too: refusing a rare odd glob is cheaper than parsing classes like picomatch.
 */
function globShape(glob: string): GlobShape {
  const shape: GlobShape = { pattern: '', stars: 0, globstars: 0, groups: 0, maxSegmentStars: 0 };
  const collapsed: string[] = [];
  for (const segment of splitSegments(glob)) {
    let out = '';
    let stars = 0;
    for (let i = 0; i < segment.length; i++) {
      const char = segment[i]!;
      if (char === '\\') {
        out += segment.slice(i, i + 2);
        i++;
      } else if (char === '*') {
        let end = i;
        while (segment[end + 1] === '*') end++;
        if (end - i === 1 && segment.length === 2) {
          out += '**';
          shape.globstars++;
        } else {
          out += '*';
          stars++;
        }
        i = end;
      } else {
        if (char === '{' || char === '(') shape.groups++;
        out += char;
      }
    }
    shape.stars += stars;
    shape.maxSegmentStars = Math.max(shape.maxSegmentStars, stars);
    collapsed.push(out);
  }
  shape.pattern = collapsed.join('/');
  return shape;
}

/** Splits at unescaped `/`, keeping escapes in the pieces. */
function splitSegments(glob: string): string[] {
  const segments: string[] = [];
  let current = '';
  for (let i = 0; i < glob.length; i++) {
    if (glob[i] === '\\') {
      current += glob.slice(i, i + 2);
      i++;
    } else if (glob[i] === '/') {
      segments.push(current);
      current = '';
    } else {
      current += glob[i];
    }
  }
  segments.push(current);
  return segments;
}
