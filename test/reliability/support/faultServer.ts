// A misbehaving HTTP server on 127.0.0.1 for the network reliability tests: redirects elsewhere,
// gzip bombs, replies that never come, absurd Retry-After values, malformed JSON. Routes are
// scripted per path; every request is recorded. Bounded: after `maxRequests` it drops connections,
// and `close()` destroys every socket, including the ones held open on purpose.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Socket } from 'node:net';
import { gzipSync } from 'node:zlib';

export interface FaultRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  at: number;
}

export type FaultHandler = (request: FaultRequest, response: ServerResponse) => void;

export class FaultServer {
  readonly requests: FaultRequest[] = [];
  private readonly routes = new Map<string, FaultHandler>();
  private readonly sockets = new Set<Socket>();
  private fallback: FaultHandler = (_request, response) => reply.json(404, { message: 'no such route' })(_request, response);

  private constructor(
    private readonly server: Server,
    readonly url: string,
    private readonly maxRequests: number,
  ) {}

  static async start(options: { maxRequests?: number } = {}): Promise<FaultServer> {
    const holder: { instance?: FaultServer } = {};
    const server = createServer((request, response) => holder.instance!.handle(request, response));
    server.on('connection', (socket) => {
      holder.instance?.sockets.add(socket);
      socket.on('close', () => holder.instance?.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    holder.instance = new FaultServer(server, `http://127.0.0.1:${port}`, options.maxRequests ?? 5_000);
    return holder.instance;
  }

  /** Answers requests to exactly this path (query ignored). */
  route(path: string, handler: FaultHandler): this {
    this.routes.set(path, handler);
    return this;
  }

  /** Answers every path without its own route. */
  otherwise(handler: FaultHandler): this {
    this.fallback = handler;
    return this;
  }

  count(path?: string): number {
    return path === undefined ? this.requests.length : this.requests.filter((r) => r.path === path).length;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(request: IncomingMessage, response: ServerResponse): void {
    const url = new URL(request.url ?? '/', this.url);
    if (this.requests.length >= this.maxRequests) {
      request.socket.destroy();
      return;
    }
    const recorded: FaultRequest = { method: request.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: request.headers, at: Date.now() };
    this.requests.push(recorded);
    request.resume();
    (this.routes.get(url.pathname) ?? this.fallback)(recorded, response);
  }
}

/** Handlers for the faults the tests need. */
export const reply = {
  json(status: number, body: unknown, headers: Record<string, string> = {}): FaultHandler {
    return (_request, response) => {
      response.writeHead(status, { 'Content-Type': 'application/json', ...headers });
      response.end(JSON.stringify(body));
    };
  },

  text(status: number, text: string, headers: Record<string, string> = {}): FaultHandler {
    return (_request, response) => {
      response.writeHead(status, { 'Content-Type': 'text/plain', ...headers });
      response.end(text);
    };
  },

  redirect(status: number, location: string): FaultHandler {
    return (_request, response) => {
      response.writeHead(status, { Location: location });
      response.end();
    };
  },

  /** Accepts the request and never answers (until the server closes). */
  never(): FaultHandler {
    return () => undefined;
  },

  /**
   * `decodedMiB` MiB of zeros as gzip: concatenated members of 1 MiB each (~1 KB compressed), so a
   * 1 GiB bomb is ~1 MB on the wire and costs the server nothing. Written with backpressure.
   */
  gzipBomb(decodedMiB: number): FaultHandler {
    const member = gzipSync(Buffer.alloc(1024 * 1024), { level: 9 });
    return (_request, response) => {
      response.writeHead(200, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' });
      let written = 0;
      const write = (): void => {
        while (written < decodedMiB) {
          written++;
          if (!response.write(member)) {
            response.once('drain', write);
            return;
          }
        }
        response.end();
      };
      response.on('close', () => {
        written = decodedMiB;
      });
      write();
    };
  },

  /** Each call answers with the next handler; the last one repeats. */
  sequence(...handlers: FaultHandler[]): FaultHandler {
    let next = 0;
    return (request, response) => handlers[Math.min(next++, handlers.length - 1)]!(request, response);
  },
};
