import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local HTTP server standing in for CloudBase's `/admin` endpoint. The SDK POSTs one JSON body per call
 * (`action` plus the call's parameters) and expects HTTP 200 with a JSON envelope: the result, or
 * `{ code, message, requestId }` for a failure. Every request is kept so tests can inspect it.
 */
export interface CapturedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: Record<string, unknown>;
}

export type WireHandler = (body: Record<string, unknown>) => Record<string, unknown>;

export interface CloudbaseHttp {
  serviceUrl: string;
  requests: CapturedRequest[];
  close(): Promise<void>;
}

export async function startCloudbaseHttp(handle: WireHandler): Promise<CloudbaseHttp> {
  const requests: CapturedRequest[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let answer: Record<string, unknown>;
      try {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
        requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
        answer = handle(body);
      } catch (error) {
        answer = { code: 'HARNESS_ERROR', message: (error as Error).message, requestId: 'harness' };
      }
      // Closing each connection keeps the SDK's keep-alive sockets from outliving a test.
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', connection: 'close' });
      res.end(JSON.stringify(answer));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    serviceUrl: `http://127.0.0.1:${port}/admin`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
