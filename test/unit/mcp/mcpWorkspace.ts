import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';

const repo = path.resolve(__dirname, '../../..');
const shared = path.join(repo, 'test/fixtures/cleanup/_shared');

const daysAgo = (days: number) => new Date(Date.now() - days * 24 * 60 * 60 * 1000).toISOString();

function boolFlag(defaultVariant: 'on' | 'off', metadata: Record<string, string> = {}, state = 'ENABLED') {
  return { state, variants: { on: true, off: false }, defaultVariant, metadata };
}

/**
 * A small shop with a dev and a prod flagd file: `new-checkout` serves on everywhere and has not
 * changed for 45 days (released), `dark-mode` is a 30/70 split in dev read through a constant,
 * `max-items` is a number flag, `old-banner` is defined and never read, and one call computes its key.
 */
export const shopFiles: Record<string, string> = {
  'src/App.tsx': `import { useBooleanFlagValue } from '@openfeature/react-sdk';
import { OldCheckout } from './OldCheckout';

export function App(): JSX.Element {
  if (useBooleanFlagValue('new-checkout', false)) {
    return <form className="v2" />;
  }
  return <OldCheckout />;
}
`,
  'src/OldCheckout.tsx': `export function OldCheckout(): JSX.Element {
  return <form className="v1" />;
}
`,
  'src/keys.ts': `export const DARK_MODE = 'dark-mode';
`,
  'src/Theme.tsx': `import { useBooleanFlagValue } from '@openfeature/react-sdk';
import { DARK_MODE } from './keys';

export function Theme(): JSX.Element {
  return <div className={useBooleanFlagValue(DARK_MODE, false) ? 'dark' : 'light'} />;
}
`,
  'src/cart.ts': `import { OpenFeature } from '@openfeature/web-sdk';

const client = OpenFeature.getClient();

export function limit(items: string[]): string[] {
  return items.slice(0, client.getNumberValue('max-items', 10));
}
`,
  'src/experiments.ts': `import { OpenFeature } from '@openfeature/web-sdk';

export function inExperiment(name: string): boolean {
  return OpenFeature.getClient().getBooleanValue(\`exp-\${name}\`, false);
}
`,
  'flags.flagd.json': `${JSON.stringify(
    {
      metadata: { flagSetId: 'dev' },
      flags: {
        'new-checkout': boolFlag('on', { lastModified: daysAgo(45) }),
        'dark-mode': { state: 'ENABLED', variants: { on: true, off: false }, defaultVariant: 'off', targeting: { fractional: [['on', 30], ['off', 70]] }, metadata: { lastModified: daysAgo(2) } },
        'max-items': { state: 'ENABLED', variants: { small: 10, large: 100 }, defaultVariant: 'large', metadata: { lastModified: daysAgo(2) } },
        'old-banner': boolFlag('off', { lastModified: daysAgo(2) }),
      },
    },
    null,
    2,
  )}\n`,
  'flags.prod.flagd.json': `${JSON.stringify(
    {
      metadata: { flagSetId: 'prod' },
      flags: {
        'new-checkout': boolFlag('on', { lastModified: daysAgo(45) }),
        'dark-mode': boolFlag('off', { lastModified: daysAgo(2) }),
        'max-items': { state: 'ENABLED', variants: { small: 10, large: 100 }, defaultVariant: 'small', metadata: { lastModified: daysAgo(2) } },
        'old-banner': boolFlag('off', { lastModified: daysAgo(2) }),
      },
    },
    null,
    2,
  )}\n`,
};

/** A temporary folder with the shop and the cleanup fixtures' SDK typings and tsconfig. */
export async function writeShop(): Promise<string> {
  const root = (await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), 'flaglens-mcp-')))).split(path.sep).join('/');
  for (const file of await fs.readdir(shared)) await fs.copyFile(path.join(shared, file), path.join(root, file));
  for (const [file, text] of Object.entries(shopFiles)) {
    await fs.mkdir(path.dirname(path.join(root, file)), { recursive: true });
    await fs.writeFile(path.join(root, file), text);
  }
  return root;
}

export interface McpSession {
  client: Client;
  transport: StdioClientTransport;
  /** What the server wrote to stderr (its log). */
  stderr(): string;
  /** Transport-level errors the client saw: a line on stdout that is not protocol shows up here. */
  errors: Error[];
  call(name: string, args?: Record<string, unknown>): Promise<CallToolResult>;
  close(): Promise<void>;
}

/** The real server from source (`node --import tsx src/cli/main.ts mcp …`), driven by the SDK's own client. */
export async function startServer(args: string[], env: NodeJS.ProcessEnv = {}): Promise<McpSession> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: ['--import', 'tsx', 'src/cli/main.ts', 'mcp', ...args],
    cwd: repo,
    env: { ...(process.env as Record<string, string>), ...(env as Record<string, string>) },
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const client = new Client({ name: 'flaglens-test', version: '1.0.0' });
  const errors: Error[] = [];
  client.onerror = (error) => errors.push(error);
  await client.connect(transport);
  return {
    client,
    transport,
    stderr: () => stderr,
    errors,
    call: async (name, callArgs = {}) => (await client.callTool({ name, arguments: callArgs }, undefined, { timeout: 120_000 })) as CallToolResult,
    close: () => client.close(),
  };
}

/** The one text content of a result. */
export function textOf(result: CallToolResult): string {
  const [first, ...rest] = result.content;
  if (!first || first.type !== 'text' || rest.length > 0) throw new Error(`expected one text content, got ${JSON.stringify(result.content)}`);
  return first.text;
}
