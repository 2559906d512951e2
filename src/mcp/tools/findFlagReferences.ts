import { Project } from 'ts-morph';
import { z } from 'zod';
import { mayEvaluate } from '../../core/cleanup/dynamicReferences';
import type { DynamicReference } from '../../core/references/model';
import { scanJson } from '../../core/report/scanReport';
import { closestKey } from '../../core/stale/rules/closestKey';
import { readTextFile } from '../../core/util/textFiles';
import { argumentFields, checkFlagKey } from '../arguments';
import type { FlagLensTool } from '../flagLensTool';
import { definedKeys, relativeFile } from '../flagLookup';
import { toolInput } from '../toolInput';

const referenceSchema = z.looseObject({
  file: z.string(),
  line: z.number(),
  column: z.number(),
  endLine: z.number(),
  endColumn: z.number(),
  sdk: z.string(),
  pattern: z.string(),
  kind: z.string(),
  confidence: z.enum(['ast', 'text']),
  via: z.string(),
  origin: z.object({ name: z.string(), file: z.string().optional() }).optional(),
});

const dynamicSchema = z.looseObject({ file: z.string(), line: z.number(), column: z.number(), sdk: z.string(), pattern: z.string(), reason: z.string() });

const output = z.object({
  key: z.string(),
  references: z.array(referenceSchema),
  dynamicReferences: z.array(dynamicSchema),
  suggestion: z.string().optional(),
});

/** Where the code reads a flag: the same references as `flaglens scan`, plus the calls whose computed key may be this one. */
export const findFlagReferencesTool: FlagLensTool<{ key: string }> = {
  name: 'find_flag_references',
  title: 'Find flag references',
  description:
    'Every place the code in this folder evaluates a feature flag: file (relative), line and column (1-based), how the key was found (via: literal, constant, enum, property, wrapper; origin: the constant or wrapper it came through), the SDK and call pattern, and whether it is an AST match or a text match in another language. dynamicReferences lists the calls whose key is computed at run time and may be this flag (check those by hand). When no source defines the key and nothing references it, suggestion is the closest key that exists.',
  input: toolInput('find_flag_references', { key: argumentFields.key }),
  output,
  annotations: { readOnlyHint: true, openWorldHint: false },
  needs: { sources: false },
  async run({ key }, { workspace, root, signal }) {
    await checkFlagKey(key, root);
    const index = workspace.index!;
    const references = index.referencesOf(key);
    const scan = scanJson({ root, references, dynamic: [], stats: index.stats });
    const dynamic = await dynamicThatMayEvaluate(index.dynamic(), key, signal);
    // Only for a key nothing knows: a defined flag without references is an answer, not a typo.
    const defined = definedKeys(workspace);
    const suggestion = references.length === 0 && !defined.includes(key) ? closestKey(key, [...index.keys(), ...defined]) : undefined;
    return {
      key,
      references: scan.references.map(({ key: _key, ...position }, i) => {
        const origin = references[i]!.origin;
        return { ...position, ...(origin ? { origin: { name: origin.name, ...(origin.file ? { file: relativeFile(root, origin.file) } : {}) } } : {}) };
      }),
      dynamicReferences: dynamic.map((d) => ({ file: relativeFile(root, d.file), line: d.span.startLine + 1, column: d.span.startCharacter + 1, sdk: d.sdk, pattern: d.pattern, reason: d.reason })),
      ...(suggestion ? { suggestion } : {}),
    };
  },
};

/** Cleanup's own test (`mayEvaluate`): a template whose fixed start or end cannot produce the key is left out. Syntax only, no type checker. */
async function dynamicThatMayEvaluate(dynamic: readonly DynamicReference[], key: string, signal: AbortSignal): Promise<DynamicReference[]> {
  if (dynamic.length === 0) return [];
  const scratch = new Project({ useInMemoryFileSystem: true, skipLoadingLibFiles: true, compilerOptions: { allowJs: true } });
  for (const file of new Set(dynamic.map((d) => d.file))) {
    const text = await readTextFile(file, { signal }).catch(() => undefined);
    if (text !== undefined) scratch.createSourceFile(file, text, { overwrite: true });
  }
  return dynamic.filter((d) => mayEvaluate(scratch, d, key));
}
