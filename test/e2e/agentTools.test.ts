import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { session } from './support/session';
import { agentToolsProbeCommand } from './support/testExtensions';

interface ProbeOutput {
  vscodeVersion: string;
  tools: { name: string; tags: string[]; inputSchema: unknown }[];
  results: Record<string, { text?: string; error?: string }>;
  mcp: { hasProviderApi: boolean; providers: { id: string; label: string }[] };
}

const toolNames = ['flaglens_findReferences', 'flaglens_getFlag', 'flaglens_listStaleFlags', 'flaglens_planCleanup'];

describe('Flag Lens in code-server: language model tools for agents', () => {
  let probe: ProbeOutput;
  let productGridBefore: string;

  before(async function () {
    this.timeout(180_000);
    const s = session();
    const out = join(dirname(s.workspace), 'agent-tools-probe.json');
    rmSync(out, { force: true });
    productGridBefore = readFileSync(join(s.workspace, 'src/components/ProductGrid.tsx'), 'utf8');
    // A TypeScript file open activates Flag Lens (as in activation.test.ts) before the probe asks for its tools.
    await s.workbench.openFile('src/pages/CheckoutPage.tsx');
    const activated = Date.now() + 60_000;
    while (!s.isActivationLogged() && Date.now() < activated) await s.page.waitForTimeout(500);
    // The probe extension (test/e2e/fixtures/agentToolsProbe) calls vscode.lm.invokeTool as an agent would.
    await s.workbench.runCommand(agentToolsProbeCommand);
    const deadline = Date.now() + 150_000;
    while (!existsSync(out) && Date.now() < deadline) await s.page.waitForTimeout(500);
    assert.ok(existsSync(out), `the probe wrote nothing to ${out}:\n${s.extensionHostLog().slice(-3000)}`);
    probe = JSON.parse(readFileSync(out, 'utf8')) as ProbeOutput;
  });

  it('vscode.lm.tools lists the four Flag Lens tools with their input schemas', () => {
    assert.deepEqual(
      probe.tools.map((t) => t.name),
      toolNames,
    );
    const find = probe.tools.find((t) => t.name === 'flaglens_findReferences')!;
    assert.deepEqual((find.inputSchema as { required?: string[] }).required, ['key']);
    assert.ok(find.tags.includes('feature-flags'));
  });

  it('flaglens_findReferences answers with the exact references of new-checkout', () => {
    const { text, error } = probe.results.flaglens_findReferences!;
    assert.equal(error, undefined);
    const answer = JSON.parse(text!) as { folder: string; key: string; references: { file: string; line: number; column: number; via: string; sdk: string }[] };
    assert.equal(answer.folder, 'shop');
    assert.equal(answer.key, 'new-checkout');
    assert.deepEqual(
      answer.references.map((r) => [r.file, r.line, r.column, r.via]),
      [
        ['src/components/CheckoutButton.tsx', 10, 39, 'constant'],
        ['src/pages/CheckoutPage.tsx', 7, 43, 'literal'],
      ],
    );
  });

  it('an unknown key is a one-line text answer naming the closest key, not a failed chat turn', () => {
    const { text, error } = probe.results.flaglens_getFlag!;
    assert.equal(error, undefined, 'invokeTool itself did not throw');
    assert.match(text!, /^flaglens_getFlag failed: Unknown flag 'new-chekout'.*Did you mean 'new-checkout'\?$/);
  });

  it('flaglens_listStaleFlags reports the misspelt key the code reads', () => {
    const answer = JSON.parse(probe.results.flaglens_listStaleFlags!.text!) as { findings: { key: string; kind: string; suggestion?: string }[] };
    assert.deepEqual(
      answer.findings.map((f) => [f.kind, f.key, f.suggestion]),
      [['unknownKey', 'new-chekout', 'new-checkout']],
    );
  });

  it('VS Code 1.101+ lists Flag Lens among its MCP servers (skipped before 1.101: no final MCP provider API)', async function () {
    if (!probe.mcp.hasProviderApi) {
      console.log(`      skipped: VS Code ${probe.vscodeVersion} predates the final vscode.lm.registerMcpServerDefinitionProvider (1.101)`);
      this.skip();
    }
    assert.deepEqual(probe.mcp.providers, [{ id: 'flaglens.mcpServers', label: 'Flag Lens' }]);
    const s = session();
    await s.workbench.runCommand('MCP: List Servers');
    const deadline = Date.now() + 30_000;
    let items = await s.workbench.quickPickItems();
    while (!items.some((i) => i.label === 'Flag Lens') && Date.now() < deadline) {
      await s.page.waitForTimeout(500);
      items = await s.workbench.quickPickItems();
    }
    await s.page.keyboard.press('Escape');
    assert.ok(items.some((i) => i.label === 'Flag Lens'), `MCP: List Servers shows no Flag Lens server: ${JSON.stringify(items)}`);
  });

  it('flaglens_planCleanup returns the cleanup diff, with its compiler verdict, and writes nothing', () => {
    const { text, error } = probe.results.flaglens_planCleanup!;
    assert.equal(error, undefined);
    const plan = JSON.parse(text!) as { key: string; keep: unknown; verified: boolean; diff: string; filesChanged: string[] };
    assert.equal(plan.key, 'free-shipping');
    assert.equal(plan.keep, true);
    assert.equal(typeof plan.verified, 'boolean');
    assert.deepEqual(plan.filesChanged, ['src/components/ProductGrid.tsx']);
    assert.match(plan.diff, /^--- a\/src\/components\/ProductGrid\.tsx$/m);
    assert.match(plan.diff, /^-.*useFeatureIsOn\('free-shipping'\)/m);
    assert.equal(readFileSync(join(session().workspace, 'src/components/ProductGrid.tsx'), 'utf8'), productGridBefore, 'the plan wrote nothing');
  });
});
