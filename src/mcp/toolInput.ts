import { z } from 'zod';
import { ToolError, quoted } from './toolError';

/**
 * A tool's arguments: the zod object the client sees as JSON Schema, checked here rather than by the
 * SDK. The SDK would join every zod issue into a multi-line message; an agent gets one line naming
 * the first wrong argument instead.
 */
export interface ToolInput<Args> {
  /** What `registerTool` publishes: the real schema as JSON Schema on an object that accepts anything. */
  readonly published: z.ZodType<Record<string, unknown>>;
  /** The arguments, or a `ToolError` with one line about the first thing wrong with them. */
  parse(args: unknown): Args;
}

export function toolInput<Shape extends z.ZodRawShape>(tool: string, shape: Shape): ToolInput<z.infer<z.ZodObject<Shape>>> {
  // Unknown arguments are refused, not dropped: an `allowProtected: true` that silently did nothing would mislead.
  const schema = z.strictObject(shape);
  const jsonSchema = z.toJSONSchema(schema, { io: 'input' });
  delete jsonSchema.$schema;
  return {
    published: z.looseObject({}).meta(jsonSchema),
    parse(args) {
      const result = schema.safeParse(args ?? {});
      if (result.success) return result.data;
      const [first, ...rest] = result.error.issues;
      const more = rest.length > 0 ? ` (and ${rest.length} more problem${rest.length === 1 ? '' : 's'} with the arguments)` : '';
      throw new ToolError(`${first ? issueText(tool, first, args, Object.keys(shape)) : 'invalid arguments'}${more}.`);
    },
  };
}

function issueText(tool: string, issue: z.core.$ZodIssue, args: unknown, names: readonly string[]): string {
  const name = issue.path.length > 0 ? `'${issue.path.map(String).join('.')}'` : 'the arguments';
  const value = valueAt(args, issue.path);
  switch (issue.code) {
    case 'invalid_type':
      if (value === undefined && issue.path.length === 1) return `${tool} needs ${name} (${article(issue.expected)})`;
      return `${name} must be ${article(issue.expected)}, not ${describeValue(value)}`;
    case 'too_big':
      if (typeof value === 'string') return `${name} is ${value.length} characters long; at most ${String(issue.maximum)} are accepted`;
      if (Array.isArray(value)) return `${name} has ${value.length} entries; at most ${String(issue.maximum)} are accepted`;
      return `${name} must be at most ${String(issue.maximum)}`;
    case 'too_small':
      if (typeof value === 'string') return `${name} must not be empty`;
      return `${name} must be at least ${String(issue.minimum)}`;
    case 'unrecognized_keys':
      return `${tool} takes no argument${issue.keys.length === 1 ? '' : 's'} ${issue.keys.map((k) => quoted(k)).join(', ')} (it takes ${names.length > 0 ? names.join(', ') : 'none'})`;
    case 'invalid_value':
      return `${name} must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}, not ${describeValue(value)}`;
    case 'invalid_union': {
      // The branch of the right type says what is wrong with the value (a string that is too long).
      const inner = issue.errors.map((branch) => branch[0]).find((i) => i !== undefined && i.code !== 'invalid_type');
      if (inner) return issueText(tool, { ...inner, path: [...issue.path, ...inner.path] } as z.core.$ZodIssue, args, names);
      return `${name} has the wrong type (${describeValue(value)})`;
    }
    default:
      return `${name}: ${issue.message}`;
  }
}

function valueAt(args: unknown, path: readonly PropertyKey[]): unknown {
  let current = args;
  for (const step of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[step];
  }
  return current;
}

function article(expected: string): string {
  if (expected === 'array') return 'a list';
  if (expected === 'object' || expected === 'nonoptional') return 'a value';
  return /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`;
}

function describeValue(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return `the string ${quoted(value)}`;
  if (typeof value === 'object') return 'an object';
  return `the ${typeof value} ${String(value)}`;
}
