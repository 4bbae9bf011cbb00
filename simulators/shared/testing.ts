/**
 * Test plumbing shared by the simulators' adapter tests (the simulators run in-process on a random port):
 * polling until a callback has landed, calls to a simulator's /sim/ controls, and the notify_url receiver that
 * hands each raw callback to the adapter's parser, as the gateway does.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Polls `probe` every 20 ms until it answers something truthy; throws after `timeoutMs`. */
export async function waitFor<T>(probe: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((later) => setTimeout(later, 20));
  }
}

/** GET (no body) or POST a JSON body to a simulator's control `path`; the status and the parsed answer, if any. */
export async function simControl(baseUrl: string, path: string, body?: unknown): Promise<{ status: number; json: any }> {
  const response = await fetch(`${baseUrl}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, json: text ? JSON.parse(text) : null };
}

export interface NotifyReceiver {
  /** This receiver's address with `path`, to hand to the simulator as its notify URL. */
  url: (path: string) => string;
  close: () => Promise<void>;
}

/** A local HTTP server answering each callback with what `answer` makes of its headers and raw body. */
export async function startNotifyReceiver(answer: (headers: IncomingHttpHeaders, body: Buffer) => Promise<{ statusCode: number; body: string }>): Promise<NotifyReceiver> {
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', async () => {
      const reply = await answer(request.headers, Buffer.concat(chunks));
      response.writeHead(reply.statusCode, { 'Content-Type': 'application/json' }).end(reply.body);
    });
  });
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', () => ready()));
  const port = (server.address() as AddressInfo).port;
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    close: () => new Promise<void>((closed) => server.close(() => closed())),
  };
}
