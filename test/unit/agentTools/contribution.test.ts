import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import { findReferencesAgentTool } from '../../../src/extension/agentTools/findReferences';
import { getFlagAgentTool } from '../../../src/extension/agentTools/getFlag';
import { mcpProviderId } from '../../../src/extension/agentTools/mcpServerDefinitions';
import { listStaleFlagsAgentTool } from '../../../src/extension/agentTools/listStaleFlags';
import { planCleanupAgentTool } from '../../../src/extension/agentTools/planCleanup';

interface ContributedTool {
  name: string;
  modelDescription: string;
  inputSchema: unknown;
  toolReferenceName: string;
  displayName: string;
  userDescription: string;
}

const pkg = JSON.parse(readFileSync(path.resolve(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as {
  contributes: { languageModelTools: ContributedTool[]; mcpServerDefinitionProviders: { id: string; label: string }[] };
};
const specs = [findReferencesAgentTool, getFlagAgentTool, listStaleFlagsAgentTool, planCleanupAgentTool];

describe('language model tools contribution', () => {
  it('contributes exactly the registered tools', () => {
    assert.deepEqual(
      pkg.contributes.languageModelTools.map((t) => t.name),
      specs.map((s) => s.name),
    );
  });

  for (const spec of specs) {
    it(`${spec.name}: package.json says what the MCP tool it runs takes and does`, async () => {
      const contributed = pkg.contributes.languageModelTools.find((t) => t.name === spec.name)!;
      const tool = spec.tool;
      const schema = z.toJSONSchema(tool.input.published, { io: 'input' }) as Record<string, unknown>;
      delete schema.$schema;
      // VS Code validates the agent's input against this schema; the MCP tool parses the same shape.
      assert.deepEqual(contributed.inputSchema, schema);
      assert.ok(contributed.modelDescription.startsWith(tool.description), 'the model reads the MCP description');
      assert.ok(contributed.displayName && contributed.userDescription && contributed.toolReferenceName);
    });
  }

  it('no contributed tool writes (none needs a confirmation)', async () => {
    for (const spec of specs) assert.notEqual(spec.tool.writes, true, spec.name);
  });

  it('declares the MCP server definition provider the extension registers', () => {
    assert.deepEqual(pkg.contributes.mcpServerDefinitionProviders, [{ id: mcpProviderId, label: 'Flag Lens' }]);
  });
});
