/**
 * HTTP plumbing for the local channel simulators: body reading with a size cap, JSON answers, a
 * server that can be closed at once even while requests are held on purpose (timeout faults), and
 * the one-line JSON announcement the start script waits for.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SimAnswer {
  status: number;
  headers?: Record<string, string>;
  /** Sent byte for byte; the WeChat simulator signs exactly these bytes. */
  body: string | Buffer;
}

export const jsonAnswer = (status: number, value: unknown, headers: Record<string, string> = {}): SimAnswer => ({
  status,
  headers: { 'Content-Type': 'application/json; charset=utf-8', ...headers },
  body: value === undefined ? '' : JSON.stringify(value),
});

export const MAX_BODY_BYTES = 1 << 20;

export function readBody(request: IncomingMessage, maxBytes = MAX_BODY_BYTES): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        resolve(null);
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

export function writeAnswer(response: ServerResponse, answer: SimAnswer): void {
  if (response.destroyed || response.headersSent) return;
  const body = typeof answer.body === 'string' ? Buffer.from(answer.body, 'utf8') : answer.body;
  response.writeHead(answer.status, { ...answer.headers, 'Content-Length': String(body.length) });
  response.end(body);
}

export interface RunningServer {
  server: Server;
  port: number;
  /** Waits this long unless the server closes first; used to hold a request past a client's deadline. */
  hold(ms: number): Promise<void>;
  close(): Promise<void>;
}

export async function startHttpServer(
  handler: (request: IncomingMessage, response: ServerResponse) => Promise<void>,
  options: { port: number; host: string },
): Promise<RunningServer> {
  const holds = new Set<{ timer: NodeJS.Timeout; done: () => void }>();
  const server = createServer((request, response) => {
    handler(request, response).catch((error: unknown) => {
      writeAnswer(response, jsonAnswer(500, { code: 'SYSTEM_ERROR', message: '系统错误' }));
      process.stderr.write(`simulator handler failed: ${(error as Error).stack ?? String(error)}\n`);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    server,
    port,
    hold(ms) {
      return new Promise((resolve) => {
        const entry = {
          timer: setTimeout(() => {
            holds.delete(entry);
            resolve();
          }, ms),
          done: resolve,
        };
        holds.add(entry);
      });
    },
    close() {
      for (const entry of holds) {
        clearTimeout(entry.timer);
        entry.done();
      }
      holds.clear();
      return new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

/** The line a parent process reads to learn where a simulator listens. */
export const announceListening = (service: string, port: number): void => {
  process.stdout.write(`${JSON.stringify({ service, port })}\n`);
};

/** `--name value` pairs from argv; flags without a value read as `true`. */
export function parseArgs(argv: ReadonlyArray<string>): Record<string, string | true> {
  const args: Record<string, string | true> = {};
  for (let index = 0; index < argv.length; index += 1) {
    const token = argv[index];
    if (!token.startsWith('--')) continue;
    const next = argv[index + 1];
    if (next === undefined || next.startsWith('--')) args[token.slice(2)] = true;
    else {
      args[token.slice(2)] = next;
      index += 1;
    }
  }
  return args;
}
