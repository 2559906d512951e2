/**
 * A cheap guard that runs before any JSON parser: jsonc-parser, JSON.stringify, ajv and our own
 * walks all recurse once per level, so a few thousand `[` in an untrusted file would exhaust the
 * stack. The scan is linear, allocation-free and understands strings and JSONC comments.
 */

/** Deeper than any hand-written config or flagd targeting; far below what any recursive walker survives. */
export const maxJsonNesting = 256;

/** A container that opens deeper than the limit: `[offset, end)`, from its `[`/`{` to just past its match. */
export interface DeepRegion {
  offset: number;
  end: number;
}

/** The outermost containers nested deeper than `maxDepth` (none for ordinary files). */
export function findDeepNesting(text: string, maxDepth = maxJsonNesting): DeepRegion[] {
  const regions: DeepRegion[] = [];
  let depth = 0;
  let open: number | undefined;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 34 /* " */) {
      for (i++; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c === 92 /* \ */) i++;
        else if (c === 34 || c === 10 || c === 13) break;
      }
    } else if (code === 47 /* / */ && text.charCodeAt(i + 1) === 47) {
      while (i < text.length && text.charCodeAt(i) !== 10 && text.charCodeAt(i) !== 13) i++;
    } else if (code === 47 && text.charCodeAt(i + 1) === 42 /* * */) {
      const close = text.indexOf('*/', i + 2);
      i = close < 0 ? text.length : close + 1;
    } else if (code === 91 /* [ */ || code === 123 /* { */) {
      depth++;
      if (depth > maxDepth && open === undefined) open = i;
    } else if (code === 93 /* ] */ || code === 125 /* } */) {
      if (depth === maxDepth + 1 && open !== undefined) {
        regions.push({ offset: open, end: i + 1 });
        open = undefined;
      }
      if (depth > 0) depth--;
    }
  }
  if (open !== undefined) regions.push({ offset: open, end: text.length });
  return regions;
}

/**
 * The same text with each deep region replaced by `0` and spaces. Offsets and line breaks are
 * kept, so every position reported from the flattened text is right for the original.
 */
export function flattenDeepNesting(text: string, regions: readonly DeepRegion[]): string {
  if (regions.length === 0) return text;
  const parts: string[] = [];
  let at = 0;
  for (const region of regions) {
    parts.push(text.slice(at, region.offset), '0', text.slice(region.offset + 1, region.end).replace(/[^\r\n]/g, ' '));
    at = region.end;
  }
  parts.push(text.slice(at));
  return parts.join('');
}
