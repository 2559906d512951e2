import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './paths';

/** The test-only probe that calls Flag Lens's language model tools as an agent would (agentTools.test.ts). */
export const agentToolsProbeCommand = 'Flag Lens Probe: Invoke Agent Tools';

/**
 * Installs the test-only extensions unpacked beside Flag Lens, before code-server starts (it reads
 * the extensions folder then). They activate on their own command only: other specs never see them.
 */
export function installTestExtensions(extensionsDir: string): void {
  cpSync(join(repoRoot, 'test', 'e2e', 'fixtures', 'agentToolsProbe'), join(extensionsDir, 'flaglens-e2e.agent-tools-probe-0.0.1'), { recursive: true });
}
