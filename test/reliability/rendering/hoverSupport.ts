import assert from 'node:assert/strict';
import { lexer } from 'marked';
import type { CatalogEntry } from '../../../src/core/catalog/model';
import type { FlagReference, SourceSpan } from '../../../src/core/references/model';
import type { FlagDefinition } from '../../../src/core/sources/model';
import { inspectMarkdown, normalizeSpace, type MarkdownInspection } from './markdownTokens';

export const folder = 'file:///work/space';
/** The folder's path, as the extension passes it with `folder`. */
export const root = '/work/space';

/** The hover's own links, by the command each may run, and the arguments Flag Lens gave it. */
export interface ExpectedLink {
  command: string;
  /** Absent for the commands that take none (connect a source, show output). */
  args?: Record<string, unknown>;
}

/**
 * The arguments VS Code would pass to the command: its opener parses the href as a URI (which
 * percent-decodes the query), then runs `JSON.parse(decodeURIComponent(query))`, falling back to
 * `JSON.parse(query)` (microsoft/vscode src/vs/editor/browser/services/openerService.ts).
 */
export function argumentsVsCodeWouldPass(href: string): { command: string; args: unknown } {
  const match = /^command:([^?]*)\??(.*)$/s.exec(href);
  assert.ok(match, `not a command link: ${href}`);
  const query = decodeURIComponent(match[2]!);
  let args: unknown = [];
  try {
    args = JSON.parse(decodeURIComponent(query));
  } catch {
    try {
      args = JSON.parse(query);
    } catch {
      // VS Code runs the command without arguments then.
    }
  }
  return { command: match[1]!, args: Array.isArray(args) ? args : [args] };
}

/**
 * Asserts the hover holds exactly the expected links (command and arguments), no image, no HTML, no
 * character reference left for the renderer to decode, and shows each of `literals` as text.
 */
export function assertInert(markdown: string, expected: readonly ExpectedLink[], literals: readonly string[], context: string): MarkdownInspection {
  const seen = inspectMarkdown(markdown);
  const why = `${context}\n--- markdown ---\n${markdown}`;
  assert.deepEqual(seen.html, [], `HTML survived: ${why}`);
  assert.deepEqual(seen.images, [], `an image survived: ${why}`);
  assert.deepEqual(seen.entities, [], `a character reference survived: ${why}`);
  const links = seen.links.map((link): ExpectedLink => {
    const { command, args } = argumentsVsCodeWouldPass(link.href.startsWith('command:') ? link.href : `command:<not a command>${link.href}`);
    const first = (args as unknown[])[0] as Record<string, unknown> | undefined;
    return first === undefined ? { command } : { command, args: first };
  });
  assert.deepEqual(links, expected, `links other than Flag Lens's own: ${why}`);
  // One block of lines per flag: no value may open a heading, list, quote, table or code block.
  const blocks = lexer(markdown, { gfm: true }).map((token) => token.type);
  assert.deepEqual(
    blocks.filter((type) => !['paragraph', 'space', 'hr'].includes(type)),
    [],
    `a value changed the hover's layout (${blocks.join(', ')}): ${why}`,
  );
  for (const literal of literals) assert.ok(seen.visibleText.includes(normalizeSpace(literal)), `${JSON.stringify(literal)} is not shown as text: ${why}\n--- visible ---\n${seen.visibleText}`);
  return seen;
}

export type FieldName =
  | 'key'
  | 'name'
  | 'description'
  | 'variation name'
  | 'variation value'
  | 'split variation'
  | 'off variation'
  | 'rule summary'
  | 'environment key'
  | 'environment name'
  | 'source label'
  | 'tag'
  | 'maintainer'
  | 'type'
  | 'stale message'
  | 'stale action'
  | 'reference file'
  | 'origin name'
  | 'origin file';

export const fieldNames: readonly FieldName[] = [
  'key',
  'name',
  'description',
  'variation name',
  'variation value',
  'split variation',
  'off variation',
  'rule summary',
  'environment key',
  'environment name',
  'source label',
  'tag',
  'maintainer',
  'type',
  'stale message',
  'stale action',
  'reference file',
  'origin name',
  'origin file',
];

/**
 * What the hover of a defined flag shows for a field's value: variation values as JSON, cut at 40
 * characters; rule summaries cut at 60; what the code says (reference file, origin) only when no
 * source defines the key.
 */
export function shownAs(field: FieldName, value: string): string | undefined {
  if (field === 'environment name' || field === 'reference file' || field === 'origin name' || field === 'origin file') return undefined;
  if (field === 'rule summary') return value.length > 60 ? value.slice(0, 59) : value;
  if (field !== 'variation value') return value;
  const json = JSON.stringify(value);
  return json.length > 40 ? json.slice(0, 39) : json;
}

function span(line: number): SourceSpan {
  return { start: line * 10, end: line * 10 + 5, startLine: line, startCharacter: 0, endLine: line, endCharacter: 5 };
}

/** One reference through a constant declared in another file, with `value` in `field`. */
export function referenceWith(field: FieldName, value: string, key: string): FlagReference {
  const pick = (name: FieldName, plain: string): string => (name === field ? value : plain);
  return {
    key,
    file: pick('reference file', `${root}/src/app.ts`),
    keySpan: span(6),
    callSpan: span(6),
    sdk: 'openfeature',
    pattern: 'openfeature.getBooleanValue',
    kind: 'boolean',
    confidence: 'ast',
    via: 'constant',
    origin: { name: pick('origin name', 'NEW_CHECKOUT'), file: pick('origin file', `${root}/src/keys.ts`) },
  };
}

/** One flag as a vendor could send it, with `value` in `field` and plain text everywhere else. */
export function entryWith(field: FieldName, value: string): CatalogEntry {
  const pick = (name: FieldName, plain: string): string => (name === field ? value : plain);
  const key = pick('key', 'safe-key');
  const environment = pick('environment key', 'dev');
  const variation = pick('variation name', 'blue');
  const other = pick('split variation', 'green');
  const flag: FlagDefinition = {
    key,
    name: pick('name', 'Safe name'),
    description: pick('description', 'Safe description'),
    kind: 'string',
    variations: [
      { name: variation, value: pick('variation value', 'BLUE') },
      { name: other, value: 'GREEN' },
      { name: pick('off variation', 'red'), value: 'RED' },
    ],
    temporary: true,
    type: pick('type', 'release'),
    tags: [pick('tag', 'team-a')],
    maintainer: pick('maintainer', 'alice'),
    archived: false,
    environments: {
      [environment]: {
        environment,
        on: true,
        serving: { type: 'split', split: [{ variation, percent: 50 }, { variation: other, percent: 50 }] },
        offVariation: pick('off variation', 'red'),
        protected: false,
      },
      stage: { environment: 'stage', on: true, serving: { type: 'rules', count: 2, summary: pick('rule summary', 'country is NL') }, protected: false },
    },
  };
  return {
    key,
    definitions: [
      {
        sourceId: 'launchdarkly:web',
        sourceLabel: pick('source label', 'LaunchDarkly: web'),
        sourceKind: 'launchdarkly',
        flag,
        environments: [
          { key: environment, name: pick('environment name', 'Development'), protected: false },
          { key: 'stage', name: 'Staging', protected: false },
        ],
      },
    ],
    references: [referenceWith(field, value, key)],
    stale: [{ kind: 'inactive', key, severity: 'warning', message: pick('stale message', 'No evaluations in 30 days'), evidence: [], action: pick('stale action', 'Remove it'), sourceId: 'launchdarkly:web' }],
  };
}
