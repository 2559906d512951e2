import { strict as assert } from 'node:assert';
import { promises as fs, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { startServer, textOf, writeShop, type McpSession } from './mcpWorkspace';

const read = (root: string, file: string) => readFileSync(path.join(root, file), 'utf8');

describe('mcp: set_rollout', function () {
  this.timeout(180_000);
  let root: string;
  let session: McpSession;

  before(async () => {
    root = await writeShop();
    session = await startServer([root]);
  });
  after(async () => {
    await session?.close();
    if (root) await fs.rm(root, { recursive: true, force: true });
  });

  function refused(result: Awaited<ReturnType<McpSession['call']>>, pattern: RegExp): void {
    assert.equal(result.isError, true, JSON.stringify(result).slice(0, 300));
    const text = textOf(result);
    assert.doesNotMatch(text, /\n/);
    assert.ok(text.startsWith('set_rollout: '), text);
    assert.match(text, pattern);
  }

  it('is listed with exactly key, environment and percent: no way to opt into protected environments', async () => {
    const { tools } = await session.client.listTools();
    const tool = tools.find((t) => t.name === 'set_rollout');
    assert.ok(tool, 'set_rollout is listed');
    assert.deepEqual(tool.inputSchema.required, ['key', 'environment', 'percent']);
    assert.deepEqual(Object.keys(tool.inputSchema.properties ?? {}), ['key', 'environment', 'percent']);
    assert.equal((tool.inputSchema as { additionalProperties?: unknown }).additionalProperties, false);
    assert.equal(tool.annotations?.readOnlyHint, false);
  });

  it('sets the weights of the dev split in its flagd file and reports before and after', async () => {
    const result = await session.call('set_rollout', { key: 'dark-mode', environment: 'dev', percent: 45 });
    assert.notEqual(result.isError, true, textOf(result));
    const structured = result.structuredContent as { percent: number; before: number; on: string; off: string; flag: { environments: Record<string, { serving: unknown }> } };
    assert.deepEqual(JSON.parse(textOf(result)), structured);
    assert.deepEqual([structured.percent, structured.before, structured.on, structured.off], [45, 30, 'on', 'off']);
    assert.deepEqual(structured.flag.environments.dev!.serving, { type: 'split', split: [{ variation: 'on', percent: 45 }, { variation: 'off', percent: 55 }] });
    const dev = JSON.parse(read(root, 'flags.flagd.json')) as { flags: Record<string, { targeting?: unknown }> };
    assert.deepEqual(dev.flags['dark-mode']!.targeting, { fractional: [['on', 45], ['off', 55]] });
  });

  it('refuses protected environments, extra arguments, bad percentages and flags without on/off, leaving files alone', async () => {
    const prodBefore = read(root, 'flags.prod.flagd.json');
    const devBefore = read(root, 'flags.flagd.json');
    refused(await session.call('set_rollout', { key: 'dark-mode', environment: 'prod', percent: 50 }), /Refused: 'prod' is a protected environment \(its name 'prod' looks like production\)/);
    refused(await session.call('set_rollout', { key: 'dark-mode', environment: 'flags.prod.flagd.json', percent: 50 }), /Refused: 'prod' is a protected environment/);
    refused(await session.call('set_rollout', { key: 'dark-mode', environment: 'prod', percent: 50, allowProtected: true }), /takes no argument 'allowProtected'/);
    refused(await session.call('set_rollout', { key: 'dark-mode', environment: 'dev', percent: 150 }), /percent/);
    refused(await session.call('set_rollout', { key: 'dark-mode', environment: 'dev', percent: '50' }), /percent/);
    refused(await session.call('set_rollout', { key: 'dark-mode', environment: 'dev', percent: 12.3456 }), /three decimals/);
    refused(await session.call('set_rollout', { key: 'max-items', environment: 'dev', percent: 50 }), /no on\/off variations/);
    refused(await session.call('set_rollout', { key: 'dark-mod', environment: 'dev', percent: 50 }), /dark-mode/);
    assert.equal(read(root, 'flags.prod.flagd.json'), prodBefore);
    assert.equal(read(root, 'flags.flagd.json'), devBefore);
  });
});
