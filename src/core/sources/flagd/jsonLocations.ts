import { findNodeAtLocation, type Node } from 'jsonc-parser';
import { positionLocator } from '../../util/textLines';
import type { SourceProblem } from '../model';

/** Builds a problem at a text offset, with its 0-based line and character. */
export type Locate = (offset: number, message: string) => SourceProblem;

export function locator(file: string, text: string): Locate {
  const positionOf = positionLocator(text);
  return (offset, message) => ({ file, message, ...positionOf(offset) });
}

export function positionOfNode(at: Locate, node: Node): { line: number; character: number } {
  const problem = at(node.offset, '');
  return { line: problem.line ?? 0, character: problem.character ?? 0 };
}

/** Property node per flag key: a 10k-flag file must not cost a linear search per flag. */
export type FlagIndex = Map<string, Node>;

export function indexFlags(flagsNode: Node | undefined): FlagIndex {
  const index: FlagIndex = new Map();
  for (const property of flagsNode?.children ?? []) {
    const keyNode = property.children?.[0];
    if (keyNode && typeof keyNode.value === 'string') index.set(keyNode.value, property);
  }
  return index;
}

/** The node at `path` inside flag `key` (the key itself for an empty path), or the nearest existing ancestor. */
export function flagNode(index: FlagIndex, root: Node, key: string, path: (string | number)[] = []): Node {
  const property = index.get(key);
  if (!property) return root;
  if (path.length === 0) return property.children?.[0] ?? property;
  const value = property.children?.[1];
  return (value && findNodeAtLocation(value, path)) ?? value ?? property;
}

/** The deepest existing node along a JSON path (for errors that point below what the file has). */
export function nearestNode(root: Node, path: (string | number)[]): Node {
  for (let length = path.length; length > 0; length--) {
    const node = findNodeAtLocation(root, path.slice(0, length));
    if (node) return node;
  }
  return root;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
