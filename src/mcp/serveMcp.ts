import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { Readable, Writable } from 'node:stream';
import { describeError } from '../core/errors';
import type { Logger } from '../core/log';
import type { SourceSelector } from '../core/workspace/model';
import { createFlagLensServer } from './flagLensServer';
import { ServerWorkspace } from './serverWorkspace';

export interface ServeMcpOptions {
  /** Absolute, forward slashes. */
  root: string;
  configFile?: string;
  selectSources: SourceSelector;
  logger: Logger;
  /** Stops the server (Ctrl-C). */
  signal: AbortSignal;
  /** The protocol streams: stdin and stdout for `flaglens mcp`. Nothing else may write to `output`. */
  input: Readable;
  output: Writable;
  callTimeoutMs: number;
  secrets: readonly string[];
  version: string;
}

/**
 * Serves one folder over MCP until the client goes (its end of the input closes) or the signal
 * fires. The folder is opened in the background, so the client's handshake is answered at once and
 * the first tool call waits for the index.
 */
export async function serveMcp(options: ServeMcpOptions): Promise<void> {
  const { logger } = options;
  const stop = new AbortController();
  const signal = AbortSignal.any([options.signal, stop.signal]);
  const workspace = new ServerWorkspace({ root: options.root, ...(options.configFile ? { configFile: options.configFile } : {}), logger, selectSources: options.selectSources, signal });
  const server = createFlagLensServer({ workspace, callTimeoutMs: options.callTimeoutMs, logger, secrets: options.secrets, signal }, options.version);
  server.server.onerror = (error) => logger.warn(`MCP: ${describeError(error)}`);
  const transport = new StdioServerTransport(options.input, options.output);
  const closed = new Promise<void>((resolve) => {
    transport.onclose = () => resolve();
    signal.addEventListener('abort', () => resolve(), { once: true });
    // The client exited or closed our stdin: nothing more will arrive.
    options.input.once('end', () => resolve());
    options.input.once('close', () => resolve());
    // Writing to a client that is gone (EPIPE) ends the session instead of crashing the process.
    options.output.on('error', (error) => {
      logger.warn(`MCP: cannot write to the client: ${describeError(error)}`);
      resolve();
    });
  });
  await server.connect(transport);
  logger.info(`Flag Lens MCP server for ${options.root} (stdio).`);
  try {
    await closed;
  } finally {
    stop.abort();
    await server.close().catch(() => undefined);
    await workspace.dispose();
  }
}
