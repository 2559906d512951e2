import { describeError } from '../core/errors';
import { closestKey } from '../core/stale/rules/closestKey';
import type { LoadedSnapshot } from '../core/workspace/model';
import type { FlagWorkspace } from '../core/workspace/flagWorkspace';
import { relativePosixPath } from '../core/util/paths';
import { ToolError, quoted } from './toolError';

/** The loaded snapshots that define `key`, one per source. */
export function definitionsOf(workspace: FlagWorkspace, key: string): { loaded: LoadedSnapshot; flag: LoadedSnapshot['snapshot']['flags'][number] }[] {
  return workspace.snapshots.flatMap((loaded) => loaded.snapshot.flags.filter((flag) => flag.key === key).map((flag) => ({ loaded, flag })));
}

/** Every key a loaded source defines. */
export function definedKeys(workspace: FlagWorkspace): string[] {
  return [...new Set(workspace.snapshots.flatMap(({ snapshot }) => snapshot.flags.map((flag) => flag.key)))].sort();
}

/**
 * Why no source answers: none configured or found, one not started (a missing token, a refused
 * URL), or one that could not be read. Undefined when a source loaded.
 */
export function whyNoSource(workspace: FlagWorkspace): string | undefined {
  if (workspace.snapshots.length > 0) return undefined;
  const failure = workspace.failures[0];
  if (failure) return `${failure.source.label} could not be read: ${withoutStop(describeError(failure.error))}`;
  const skipped = workspace.skipped[0];
  if (skipped) return `the ${skipped.kind} source did not start: ${withoutStop(skipped.reason)}`;
  return `no flag source: ${workspace.root} has no .flaglens.json "sources" and no flagd files (*.flagd.json, flags.json)`;
}

/** The unknown-key answer: what is known about it, and the closest defined key (the same did-you-mean as every surface). */
export function unknownFlag(workspace: FlagWorkspace, key: string): ToolError {
  const noSource = whyNoSource(workspace);
  if (noSource) return new ToolError(`Cannot look up ${quoted(key)}: ${noSource}.`);
  const suggestion = closestKey(key, definedKeys(workspace));
  const references = workspace.index?.referencesOf(key).length ?? 0;
  const inCode = references > 0 ? `; the code references it ${references === 1 ? 'once' : `${references} times`}` : '';
  const labels = workspace.snapshots.map(({ source }) => source.label).join(', ');
  return new ToolError(`Unknown flag ${quoted(key)}: no flag source defines it (${labels})${inCode}.${suggestion ? ` Did you mean ${quoted(suggestion)}?` : ''}`);
}

/** A message from elsewhere that will be followed by more text or a full stop of ours. */
export function withoutStop(text: string): string {
  return text.replace(/\.+$/, '');
}

/** A workspace file for the agent: relative to the folder, forward slashes. */
export function relativeFile(root: string, file: string): string {
  return relativePosixPath(root, file) || file;
}
