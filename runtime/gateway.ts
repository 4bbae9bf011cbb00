import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { z } from 'zod';
import { DEFAULT_MESSAGES, type ApiResult, type ErrorCode } from '../shared/api/errors';
import { log } from '../cloudfunctions/_core/log';
import { type Cron, nextFire, parseCron } from './cron';
import type { DevAuth } from './devAuth';
import { listFunctionNames, readFunctionConfig } from './functions';
import { serveStatic } from './staticFiles';

/** The gateway refuses bodies past this before parsing them; functions have their own, smaller limit. */
export const MAX_BODY_BYTES = 1024 * 1024;

type Main = (event: unknown, context: unknown) => Promise<ApiResult<unknown>>;
type HttpMain = (event: unknown, context: unknown) => Promise<{ statusCode: number; headers: Record<string, string>; body: string }>;

export interface HealthPart {
  name: string;
  check: () => Promise<boolean>;
}

export interface GatewayOptions {
  /** dist/cloudfunctions: the bundles exactly as they would be deployed. */
  functionsDir: string;
  staticDir: string;
  auth: DevAuth;
  health: HealthPart[];
  /** Fire timer triggers (off in tests that fire them by hand through `fireTimer`). */
  timers: boolean;
  nowMs?: () => number;
  /** Local only: `/sim/<name>/...` is passed to that simulator's `/sim/...`, so the h5 payment sheet stays same-origin. */
  simulatorUrls?: Record<string, string>;
}

export interface Gateway {
  server: Server;
  functions: string[];
  fireTimer(functionName: string, triggerName: string): Promise<ApiResult<unknown>>;
  close(): Promise<void>;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(text);
}

function fail(res: ServerResponse, status: number, code: ErrorCode, message?: string): void {
  sendJson(res, status, { ok: false, error: { code, message: message ?? DEFAULT_MESSAGES[code] } });
}

/** Reads at most MAX_BODY_BYTES; a larger body is drained and reported, never buffered whole. */
function readBody(req: IncomingMessage): Promise<Buffer | 'too-large'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(tooLarge ? 'too-large' : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

const LoginSchema = z.object({ openid: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/) }).strict();

interface Timer {
  fn: string;
  trigger: string;
  cron: Cron;
  handle?: NodeJS.Timeout;
}

/** The HTTP-triggered functions the channels call back, by channel. */
const NOTIFY_FUNCTIONS: Record<string, string> = { wechatpay: 'wechatpayNotify', bank: 'bankNotify' };
const CALLBACK_FUNCTIONS = new Set(Object.values(NOTIFY_FUNCTIONS));

export function startGateway(options: GatewayOptions, port: number, host = '0.0.0.0'): Promise<Gateway> {
  const nowMs = options.nowMs ?? Date.now;
  const mains = new Map<string, Main>();
  const timers: Timer[] = [];
  for (const name of listFunctionNames(options.functionsDir, 'index.js')) {
    const dir = join(options.functionsDir, name);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(join(dir, 'index.js')) as { main?: Main };
    if (typeof mod.main !== 'function') throw new Error(`cloud function ${name} exports no main`);
    mains.set(name, mod.main);
    for (const trigger of readFunctionConfig(dir).triggers ?? []) {
      timers.push({ fn: name, trigger: trigger.name, cron: parseCron(trigger.config) });
    }
  }

  const fireTimer = async (fn: string, trigger: string) => {
    const main = mains.get(fn);
    if (!main) throw new Error(`no function ${fn}`);
    const event = { Type: 'Timer', TriggerName: trigger, Time: new Date(nowMs()).toISOString() };
    const started = Date.now();
    const result = await main(event, { source: 'timer' });
    log(result.ok ? 'info' : 'warn', 'timer.fired', { fn, trigger, ok: result.ok, ms: Date.now() - started });
    return result;
  };

  const schedule = (t: Timer) => {
    const at = nextFire(t.cron, nowMs());
    if (at === null) return;
    // setTimeout cannot wait longer than ~24.8 days; re-plan on the way for far-off triggers.
    const delay = Math.min(at - nowMs(), 2 ** 31 - 1);
    t.handle = setTimeout(() => {
      const due = nowMs() >= at - 5;
      (due ? fireTimer(t.fn, t.trigger).catch((e) => log('error', 'timer.crashed', { fn: t.fn, error: String(e) })) : Promise.resolve()).finally(
        () => schedule(t),
      );
    }, Math.max(delay, 0));
    t.handle.unref();
  };
  if (options.timers) timers.forEach(schedule);

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://local');
    if (req.method === 'GET' && url.pathname === '/healthz') {
      const parts: Record<string, boolean> = {};
      for (const part of options.health) parts[part.name] = await part.check().catch(() => false);
      const up = Object.values(parts).every(Boolean);
      sendJson(res, up ? 200 : 503, { status: up ? 'ok' : 'degraded', parts, functions: [...mains.keys()] });
      return;
    }
    if (url.pathname.startsWith('/api/notify/')) return notify(req, res, url.pathname.slice('/api/notify/'.length));
    const sim = /^\/sim\/([a-z]+)(\/.*)$/.exec(url.pathname);
    if (sim && options.simulatorUrls?.[sim[1]]) return proxy(req, res, `${options.simulatorUrls[sim[1]]}/sim${sim[2]}${url.search}`);
    const timer = /^\/api\/dev\/timer\/([A-Za-z0-9_]+)\/([A-Za-z0-9_-]+)$/.exec(url.pathname);
    if (timer && req.method === 'POST') {
      // Local only, like dev login: lets tests and demos run a scheduled job now instead of waiting for its cron.
      if (!timers.some((t) => t.fn === timer[1] && t.trigger === timer[2])) return fail(res, 404, 'NOT_FOUND');
      return sendJson(res, 200, await fireTimer(timer[1], timer[2]));
    }
    if (url.pathname === '/api/dev/login' || url.pathname.startsWith('/api/fn/')) {
      if (req.method !== 'POST') return fail(res, 405, 'INVALID_INPUT', '请使用 POST 请求');
      const body = await readBody(req);
      if (body === 'too-large') return fail(res, 413, 'PAYLOAD_TOO_LARGE');
      let data: unknown;
      try {
        data = body.length ? JSON.parse(body.toString('utf8')) : {};
      } catch {
        return fail(res, 400, 'INVALID_INPUT', '请求内容不是有效的 JSON');
      }
      if (url.pathname === '/api/dev/login') {
        const login = LoginSchema.safeParse(data);
        if (!login.success) return fail(res, 400, 'INVALID_INPUT', 'openid 只能包含字母、数字、下划线和短横线（1-64位）');
        return sendJson(res, 200, { token: options.auth.issue(login.data.openid) });
      }
      const name = url.pathname.slice('/api/fn/'.length);
      // Channel callbacks come only by their own route (/api/notify/*), as CloudBase HTTP access gives them theirs.
      const main = CALLBACK_FUNCTIONS.has(name) ? undefined : mains.get(name);
      if (!main) return fail(res, 404, 'UNKNOWN_FUNCTION');
      const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
      const openid = token ? options.auth.verify(token) : null;
      if (!openid) return fail(res, 401, 'UNAUTHENTICATED');
      // The context is built here, from the verified token alone: nothing in the body can change who calls.
      return sendJson(res, 200, await main(data, { OPENID: openid, source: 'local-gateway' }));
    }
    if (req.method === 'GET' || req.method === 'HEAD') return serveStatic(options.staticDir, url.pathname, res);
    return fail(res, 404, 'NOT_FOUND');
  };

  /** Channel callbacks reach their HTTP-triggered function with the raw body, as CloudBase HTTP access passes it. */
  const notify = async (req: IncomingMessage, res: ServerResponse, channel: string) => {
    const fn = NOTIFY_FUNCTIONS[channel];
    const main = fn ? (mains.get(fn) as unknown as HttpMain | undefined) : undefined;
    if (req.method !== 'POST' || !main) return fail(res, 404, 'NOT_FOUND');
    const body = await readBody(req);
    if (body === 'too-large') return fail(res, 413, 'PAYLOAD_TOO_LARGE');
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers[k] = v;
    const answer = await main({ httpMethod: 'POST', path: req.url ?? '/', headers, body: body.toString('utf8'), isBase64Encoded: false }, { source: 'http' });
    res.writeHead(answer.statusCode, answer.headers);
    res.end(answer.body);
  };

  const proxy = async (req: IncomingMessage, res: ServerResponse, target: string) => {
    const body = req.method === 'GET' || req.method === 'HEAD' ? undefined : await readBody(req);
    if (body === 'too-large') return fail(res, 413, 'PAYLOAD_TOO_LARGE');
    const answer = await fetch(target, { method: req.method, headers: { 'content-type': req.headers['content-type'] ?? 'application/json' }, body: body ? new Uint8Array(body) : undefined });
    res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' });
    res.end(Buffer.from(await answer.arrayBuffer()));
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error) => {
      log('error', 'gateway.failed', { error: String(error) });
      if (!res.headersSent) fail(res, 500, 'INTERNAL');
      else res.end();
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      resolve({
        server,
        functions: [...mains.keys()],
        fireTimer,
        close: () =>
          new Promise<void>((done) => {
            timers.forEach((t) => t.handle && clearTimeout(t.handle));
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
