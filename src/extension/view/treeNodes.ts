import type { FlagReference } from '../../core/references/model';
import type { FlagTarget } from '../commandArgs';
import type { FolderSession } from '../workspace/folderSession';

export type GroupKind = 'file' | 'stale' | 'unknown';

export type FlagTreeNode =
  | { type: 'folder'; session: FolderSession }
  | { type: 'group'; session: FolderSession; group: GroupKind }
  | { type: 'source'; session: FolderSession; sourceId: string }
  | { type: 'flag'; session: FolderSession; key: string; sourceId?: string; parent: string; target: FlagTarget }
  | { type: 'reference'; session: FolderSession; reference: FlagReference; parent: string };

export function flagNode(session: FolderSession, key: string, sourceId: string | undefined, parent: string): FlagTreeNode {
  return { type: 'flag', session, key, sourceId, parent, target: { key, sourceId, folder: session.folder.uri.toString() } };
}

/** Stable ids keep expansion state across refreshes. */
export function nodeId(node: FlagTreeNode): string {
  const folder = node.session.folder.uri.toString();
  switch (node.type) {
    case 'folder':
      return folder;
    case 'group':
      return `${folder}#group:${node.group}`;
    case 'source':
      return `${folder}#source:${node.sourceId}`;
    case 'flag':
      return `${node.parent}/flag:${node.key}`;
    case 'reference':
      return `${node.parent}/ref:${node.reference.file}:${node.reference.keySpan.start}`;
  }
}
