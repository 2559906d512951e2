/** Short, unambiguous text for a flag value in messages: `true`, `"treatment"`, `{"a":1}`. */
export function formatValue(value: unknown, maxLength = 60): string {
  let text: string;
  try {
    text = value === undefined ? 'undefined' : (JSON.stringify(value) ?? String(value));
  } catch {
    text = String(value);
  }
  return text.length > maxLength ? `${text.slice(0, maxLength - 1)}…` : text;
}

/** Structural equality for JSON-like flag values (variation values come from JSON APIs and files). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const aKeys = Object.keys(a);
  const bKeys = Object.keys(b);
  if (aKeys.length !== bKeys.length) return false;
  return aKeys.every((k) => Object.prototype.hasOwnProperty.call(b, k) && sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/**
 * The value of a code default argument when it is a plain literal (`false`, `'control'`, `3`,
 * `null`); undefined for anything that would need evaluating.
 */
export function parseLiteral(text: string | undefined): { value: unknown } | undefined {
  if (text === undefined) return undefined;
  const trimmed = text.trim();
  if (/^'(?:[^'\\\n]|\\.)*'$/.test(trimmed)) {
    const inner = trimmed.slice(1, -1).replace(/\\'/g, "'").replace(/"/g, '\\"');
    return tryJson(`"${inner}"`);
  }
  if (/^`[^`$\\]*`$/.test(trimmed)) return { value: trimmed.slice(1, -1) };
  if (/^(true|false|null|-?\d+(\.\d+)?([eE][+-]?\d+)?|"(?:[^"\\\n]|\\.)*")$/.test(trimmed)) return tryJson(trimmed);
  return undefined;
}

function tryJson(text: string): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(text) as unknown };
  } catch {
    return undefined;
  }
}
