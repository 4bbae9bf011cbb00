import type { z } from 'zod';
import { DEFAULT_MESSAGES, type ApiResult } from '../../shared/api/errors';
import { type App, sharedApp } from './app';
import { type Caller, callerFromContext, cloudbaseOpenid } from './caller';
import { AppError } from './errors';
import { errorText, log } from './log';

/** A request larger than this is refused before parsing: no function takes more than a few fields. */
export const MAX_EVENT_BYTES = 64 * 1024;

const HAS_CJK = /[\u4e00-\u9fff]/;

/** zod's messages are English unless a schema gave its own: show the field and a Chinese sentence. */
export function invalidInputMessage(error: z.ZodError): string {
  const issue = error.issues[0];
  const field = issue.path.length ? issue.path.join('.') : '请求';
  if (HAS_CJK.test(issue.message)) return issue.message;
  return `${DEFAULT_MESSAGES.INVALID_INPUT}（${field}）`;
}

export type FunctionMain<R> = (event: unknown, context: unknown) => Promise<ApiResult<R>>;

/**
 * Wraps an application service as a cloud function `main(event, context)`: size and schema checks first,
 * identity from the context, then the service. Expected failures become their code; anything unexpected
 * becomes INTERNAL with no detail for the client (the log keeps it, masked).
 */
export function defineFunction<S extends z.ZodType, R>(
  name: string,
  schema: S,
  run: (input: z.infer<S>, caller: Caller, app: App) => Promise<R>,
  appProvider: () => Promise<App> = sharedApp,
): FunctionMain<R> {
  return async (event, context) => {
    try {
      const app = await appProvider();
      const caller = callerFromContext(context, app.config.RUNTIME);
      const eventData = stripPlatformFields(event);
      if (deeperThan(eventData, MAX_EVENT_DEPTH)) throw new AppError('INVALID_INPUT', '请求内容层级过深');
      const size = Buffer.byteLength(JSON.stringify(eventData ?? null) ?? '', 'utf8');
      if (size > MAX_EVENT_BYTES) throw new AppError('PAYLOAD_TOO_LARGE');
      const parsed = schema.safeParse(eventData);
      if (!parsed.success) throw new AppError('INVALID_INPUT', invalidInputMessage(parsed.error));
      return { ok: true, data: await run(parsed.data, caller, app) };
    } catch (error) {
      if (error instanceof AppError) return { ok: false, error: error.toApi() };
      log('error', 'function.failed', { fn: name, error: errorText(error) });
      return { ok: false, error: { code: 'INTERNAL', message: DEFAULT_MESSAGES.INTERNAL } };
    }
  };
}

/**
 * No input of ours nests more than a few levels; a body nested thousands deep would overflow the stack of
 * anything recursive that reads it (JSON.stringify first), which is a crash, not an answer.
 */
const MAX_EVENT_DEPTH = 32;

/** Walks the value without recursion, so the check itself cannot overflow. */
function deeperThan(value: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (node === null || typeof node !== 'object') continue;
    if (depth >= limit) return true;
    for (const child of Object.values(node as Record<string, unknown>)) stack.push([child, depth + 1]);
  }
  return false;
}

/** WeChat adds `userInfo` (with appId and openId) to every callFunction event; it is not the caller's input. */
function stripPlatformFields(event: unknown): unknown {
  if (event && typeof event === 'object' && !Array.isArray(event) && 'userInfo' in event) {
    const { userInfo: _ignored, ...rest } = event as Record<string, unknown>;
    return rest;
  }
  return event;
}

/** The event WeChat cloud (and the local runtime) passes a timer-triggered function. */
export interface TimerEvent {
  Type: 'Timer' | 'timer';
  TriggerName: string;
  Time: string;
}

/**
 * Wraps a scheduled job. Timer events come from the platform, not from a user, so a call carrying a user's
 * OPENID (someone invoking the function from the app) is refused: only the scheduler may run it.
 */
export function defineTimerFunction<R>(
  name: string,
  run: (event: TimerEvent, app: App) => Promise<R>,
  appProvider: () => Promise<App> = sharedApp,
): FunctionMain<R> {
  return async (event, context) => {
    try {
      const app = await appProvider();
      const fromUser = app.config.RUNTIME === 'local'
        ? Boolean((context as { OPENID?: unknown } | undefined)?.OPENID)
        : Boolean(cloudbaseOpenid(context));
      const timer = event as Partial<TimerEvent> | null;
      if (fromUser || !timer || typeof timer.TriggerName !== 'string' || !/^timer$/i.test(String(timer.Type))) {
        throw new AppError('FORBIDDEN', '该服务只能由定时任务触发');
      }
      return { ok: true, data: await run(timer as TimerEvent, app) };
    } catch (error) {
      if (error instanceof AppError) return { ok: false, error: error.toApi() };
      log('error', 'timer.failed', { fn: name, error: errorText(error) });
      return { ok: false, error: { code: 'INTERNAL', message: DEFAULT_MESSAGES.INTERNAL } };
    }
  };
}

/** An HTTP-triggered call (CloudBase HTTP access, or the local gateway's notify route): the raw body matters. */
export interface HttpEvent {
  httpMethod: string;
  path: string;
  headers: Record<string, string>;
  body: string;
  isBase64Encoded: boolean;
}

export interface HttpAnswer {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * Wraps a channel callback endpoint. Its caller is a payment channel, authenticated by the signature on the
 * raw body (checked by `run`), never by a user context; a failure answers 500 so the channel retries.
 */
export function defineHttpFunction(
  name: string,
  run: (event: HttpEvent, app: App) => Promise<HttpAnswer>,
  appProvider: () => Promise<App> = sharedApp,
): (event: unknown, context: unknown) => Promise<HttpAnswer> {
  return async (event) => {
    try {
      const e = event as Partial<HttpEvent> | null;
      if (!e || typeof e.body !== 'string' || typeof e.headers !== 'object' || e.headers === null) {
        return { statusCode: 400, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: 'INVALID_REQUEST', message: 'bad event' }) };
      }
      const body = e.isBase64Encoded ? Buffer.from(e.body, 'base64').toString('utf8') : e.body;
      return await run({ httpMethod: e.httpMethod ?? 'POST', path: e.path ?? '/', headers: e.headers as Record<string, string>, body, isBase64Encoded: false }, await appProvider());
    } catch (error) {
      log('error', 'http-function.failed', { fn: name, error: errorText(error) });
      return { statusCode: 500, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: 'FAIL', message: '系统繁忙' }) };
    }
  };
}
