import { quoted } from '../../mcp/toolError';

/** The key argument as a progress line shows it: quoted and cut, whatever the agent sent. */
export function keyOf(input: Record<string, unknown>): string {
  return typeof input.key === 'string' ? quoted(input.key) : 'a flag';
}
