import { z } from 'zod';
import { nestsDeeperThan, parseKeepValue, resolveKeepValue } from '../../core/cleanup/knownValue';
import { FlagLensError } from '../../core/errors';
import { applyCleanup, formatUnifiedDiff, planCleanup, type CleanupResult } from '../../core/cleanup/planCleanup';
import { detectStaleFlags } from '../../core/stale/detectStaleFlags';
import type { FlagReference } from '../../core/references/model';
import type { FlagWorkspace } from '../../core/workspace/flagWorkspace';
import { argumentFields, checkFlagKey, keepText } from '../arguments';
import type { FlagLensTool, ToolCall } from '../flagLensTool';
import { definedKeys, relativeFile, unknownFlag } from '../flagLookup';
import { ToolError, quoted } from '../toolError';
import { toolInput } from '../toolInput';
import { closestKey } from '../../core/stale/rules/closestKey';

interface CleanupArgs {
  key: string;
  keep?: string | boolean | number | undefined;
  keepLiteral?: boolean | undefined;
}

const planShape = {
  key: z.string(),
  keep: z.unknown().describe('The value every reference became.'),
  keepFrom: z.enum(['argument', 'released', 'removed']).describe('Where the kept value came from: the keep argument, or the source serving it to everyone.'),
  verified: z.boolean().describe('True when the TypeScript compiler finds no new errors in the changed files (nothing to change is verified too).'),
  diagnostics: z.array(z.object({ file: z.string(), line: z.number(), message: z.string() })).describe('New compiler errors the cleanup would introduce (1-based lines); empty when verified.'),
  diff: z.string().describe('Unified diff (git apply compatible), paths relative to the folder; empty when there is nothing to change.'),
  filesChanged: z.array(z.string()),
  filesDeleted: z.array(z.string()),
  notRewritten: z.array(z.object({ file: z.string(), line: z.number(), reason: z.string() })).describe('Places to check by hand: text matches in other languages, computed keys that may be this flag, shapes cleanup does not rewrite.'),
  unresolvedPackages: z.array(z.string()).describe('Packages the checked files import that the compiler could not find (dependencies not installed): verified is true without their types, so uses of what they export were not checked.'),
};

const planOutput = z.object(planShape);
const applyOutput = z.object({ ...planShape, applied: z.boolean() });

const input = (tool: string) => toolInput(tool, { key: argumentFields.key, keep: argumentFields.keep, keepLiteral: argumentFields.keepLiteral });

export const planFlagCleanupTool: FlagLensTool<CleanupArgs> = {
  name: 'plan_flag_cleanup',
  title: 'Plan a flag cleanup',
  description:
    'Plans removing a flag from the code without writing anything: every reference becomes the kept value, the code it decided is simplified (dead branches, unused variables, imports and files go), and the result is type-checked by the TypeScript compiler. Returns the unified diff, verified (true when the compiler finds no new errors) with the diagnostics otherwise, the files changed and deleted, and notRewritten: places a person must check (text matches in other languages, computed keys). keep: the value to keep; leave it out for a flag the source serves one value to everywhere (released or removed).',
  input: input('plan_flag_cleanup'),
  output: planOutput,
  annotations: { readOnlyHint: true, openWorldHint: true },
  needs: { sources: true },
  async run(args, call) {
    const { result, keepFrom } = await plan(args, call);
    return planJson(result, keepFrom, call.root);
  },
};

export const applyFlagCleanupTool: FlagLensTool<CleanupArgs> = {
  name: 'apply_flag_cleanup',
  title: 'Apply a flag cleanup',
  description:
    'Plans the cleanup again (as plan_flag_cleanup) and writes it only when the TypeScript compiler verified it: all files are written or none (each must still hold the text the plan was made from). Refuses, writing nothing, when the plan adds compiler errors or there is nothing to change. Returns the same fields as plan_flag_cleanup plus applied. Items in notRewritten still need a person.',
  input: input('apply_flag_cleanup'),
  output: applyOutput,
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
  needs: { sources: true },
  writes: true,
  async run(args, call) {
    const { result, keepFrom } = await plan(args, call);
    const json = planJson(result, keepFrom, call.root);
    if (result.changes.length === 0) throw new ToolError(`Nothing to change: no TypeScript or JavaScript code evaluates ${quoted(result.key)}${result.notRewritten.length > 0 ? `; ${result.notRewritten.length} place(s) to check by hand` : ''}. Nothing was written.`);
    if (!result.safe) {
      const first = json.diagnostics[0];
      throw new ToolError(
        `Not applied: the cleanup of ${quoted(result.key)} adds ${result.problems.length} compiler error(s)${first ? ` (first: ${first.file}:${first.line}: ${first.message})` : ''}; nothing was written. plan_flag_cleanup shows the diff and every diagnostic.`,
      );
    }
    await applyCleanup(result, { root: call.root, signal: call.signal, logger: call.logger });
    call.markWritten();
    return { ...json, applied: true };
  },
};

async function plan({ key, keep, keepLiteral }: CleanupArgs, call: ToolCall): Promise<{ result: CleanupResult; keepFrom: 'argument' | 'released' | 'removed' }> {
  const { workspace, signal, logger } = call;
  await checkFlagKey(key, call.root);
  const index = workspace.index!;
  const references = index.referencesOf(key);
  const input = workspace.staleInput(new Date(), new Set([key]));
  if (references.length === 0 && input.definitions.length === 0) {
    if (workspace.snapshots.length > 0) throw unknownFlag(workspace, key);
    const suggestion = closestKey(key, [...index.keys(), ...definedKeys(workspace)]);
    throw new ToolError(`No code references ${quoted(key)} and no flag source is loaded to define it.${suggestion ? ` Did you mean ${quoted(suggestion)}?` : ''}`);
  }
  const text = keepText(keep);
  if (keepLiteral && text === undefined) throw new ToolError('keepLiteral needs keep.');
  const chosen = text !== undefined ? { keep: keepFromArgument(key, text, keepLiteral === true, input, references), keepFrom: 'argument' as const } : keepFromSources(key, input);
  const result = await planCleanup({ key, keep: chosen.keep, index, signal, logger });
  return { result, keepFrom: chosen.keepFrom };
}

/** `keep` read the CLI's way (`--keep`, `--keep-literal`), its refusals worded for these arguments. */
function keepFromArgument(key: string, text: string, literal: boolean, input: ReturnType<FlagWorkspace['staleInput']>, references: readonly FlagReference[]): unknown {
  try {
    if (literal) return parseKeepValue(text);
    return resolveKeepValue(text, {
      key,
      kinds: input.definitions.map((d) => d.flag.kind),
      variations: input.definitions.flatMap((d) => d.flag.variations.map((v) => v.value)),
      referenceKinds: references.filter((r) => r.confidence === 'ast').map((r) => r.kind),
    });
  } catch (error) {
    if (!FlagLensError.is(error, 'usage')) throw error;
    throw new ToolError(error.message.replace(/--keep-literal/g, 'keepLiteral: true').replace(/--keep /g, 'keep: ').replace(/--keep\b/g, 'keep'));
  }
}

/** The CLI's default (`flaglens cleanup` without --keep): the value the sources serve everyone, when released or removed; otherwise the agent must choose. */
function keepFromSources(key: string, input: ReturnType<FlagWorkspace['staleInput']>): { keep: unknown; keepFrom: 'released' | 'removed' } {
  if (input.definitions.length === 0) throw new ToolError(`No flag source defines ${quoted(key)}, so there is no served value to keep; pass keep.`);
  const findings = detectStaleFlags(input);
  const decided = findings.find((f) => f.key === key && (f.kind === 'released' || f.kind === 'removed') && f.keepValue !== undefined);
  if (!decided || (decided.kind !== 'released' && decided.kind !== 'removed')) {
    const why = findings.find((f) => f.key === key)?.message ?? `${quoted(key)} is neither released nor removed`;
    throw new ToolError(`Cannot choose the value to keep: ${why}; pass keep.`);
  }
  if (nestsDeeperThan(decided.keepValue)) throw new ToolError(`The value ${quoted(key)} serves is nested too deeply to write into code; pass keep.`);
  return { keep: decided.keepValue, keepFrom: decided.kind };
}

function planJson(result: CleanupResult, keepFrom: string, root: string) {
  return {
    key: result.key,
    keep: result.keep ?? null,
    keepFrom: keepFrom as 'argument' | 'released' | 'removed',
    verified: result.safe,
    diagnostics: result.problems.map((p) => ({ file: relativeFile(root, p.file), line: p.line + 1, message: p.message })),
    diff: formatUnifiedDiff(result, root),
    filesChanged: result.changes.filter((c) => c.after !== null).map((c) => relativeFile(root, c.file)),
    filesDeleted: result.changes.filter((c) => c.after === null).map((c) => relativeFile(root, c.file)),
    notRewritten: result.notRewritten.map((n) => ({ file: relativeFile(root, n.file), line: n.line + 1, reason: n.reason })),
    unresolvedPackages: result.unresolvedPackages ?? [],
  };
}
