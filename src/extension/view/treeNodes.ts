import type { CodeFlags, CodeKey, CodeSdkGroup } from '../../core/catalog/codeFlags';
import type { DynamicReference, FlagReference } from '../../core/references/model';
import type { FlagTarget } from '../commandArgs';
import type { FolderSession } from '../workspace/folderSession';

export type GroupKind = 'file' | 'stale' | 'unused' | 'unknown';

/** A row that runs a command when clicked (the connect actions above "Flags in code"). */
export interface ActionRow {
  command: string;
  label: string;
  icon: string;
  tooltip: string;
}

export type FlagTreeNode =
  | { type: 'folder'; session: FolderSession }
  | { type: 'group'; session: FolderSession; group: GroupKind }
  | { type: 'source'; session: FolderSession; sourceId: string }
  | { type: 'flag'; session: FolderSession; key: string; sourceId?: string; parent: string; target: FlagTarget }
  | { type: 'reference'; reference: FlagReference; parent: string }
  | { type: 'noSource'; trusted: boolean }
  | { type: 'action'; action: ActionRow }
  /** "Flags in code": what the reference index found in every folder, with or without a source. */
  | { type: 'code'; code: CodeFlags; hasSources: boolean }
  | { type: 'codeSdk'; group: CodeSdkGroup; hasSources: boolean }
  | { type: 'codeKey'; codeKey: CodeKey; parent: string; target: FlagTarget; sessions: readonly FolderSession[] }
  | { type: 'codeDynamic'; dynamic: readonly DynamicReference[]; hasSources: boolean }
  | { type: 'dynamicReference'; dynamic: DynamicReference; parent: string };

export function flagNode(session: FolderSession, key: string, sourceId: string | undefined, parent: string): FlagTreeNode {
  return { type: 'flag', session, key, sourceId, parent, target: { key, sourceId, folder: session.folder.uri.toString() } };
}

/** Stable ids keep expansion state across refreshes. */
export function nodeId(node: FlagTreeNode): string {
  switch (node.type) {
    case 'folder':
      return node.session.folder.uri.toString();
    case 'group':
      return `${node.session.folder.uri.toString()}#group:${node.group}`;
    case 'source':
      return `${node.session.folder.uri.toString()}#source:${node.sourceId}`;
    case 'flag':
      return `${node.parent}/flag:${node.key}`;
    case 'reference':
      return `${node.parent}/ref:${node.reference.file}:${node.reference.keySpan.start}`;
    case 'noSource':
      return 'flaglens#noSource';
    case 'action':
      return `flaglens#noSource/${node.action.command}`;
    case 'code':
      return 'flaglens#code';
    case 'codeSdk':
      return `flaglens#code/sdk:${node.group.sdk}`;
    case 'codeKey':
      return `${node.parent}/key:${node.codeKey.key}`;
    case 'codeDynamic':
      return 'flaglens#code/dynamic';
    case 'dynamicReference':
      return `${node.parent}/dyn:${node.dynamic.file}:${node.dynamic.span.start}`;
  }
}
