/**
 * The HTTP leg both channel clients share (bank/client.ts, wechatpay/client.ts): one request under a deadline,
 * and the reading of an answer's body. Signing and verifying stay with each client, because the bank and
 * WeChat sign differently and trust unsigned refusals differently.
 */
import { z } from 'zod';
import { rejected, type ChannelOutcome } from './wechatpay/outcome';

export interface RawAnswer {
  status: number;
  headers: Headers;
  body: Buffer;
}

export interface SendOptions {
  method: 'GET' | 'POST';
  /** The signature headers of this request. */
  headers: Record<string, string>;
  body: string;
  userAgent: string;
  timeoutMs: number;
  fetch: typeof fetch;
}

const describeFailure = (error: unknown, timeoutMs: number): string => {
  const named = error as { name?: string; code?: string; cause?: { code?: string }; message?: string };
  if (named.name === 'AbortError' || named.name === 'TimeoutError') return `timeout after ${timeoutMs} ms`;
  return `network error: ${named.cause?.code ?? named.code ?? named.message ?? String(error)}`;
};

/**
 * Sends one request and reads its whole answer, or says why there is none. The deadline covers reading the body
 * too: a stalled body is as unknown as a stalled header, and either may follow money that moved.
 */
export async function send(url: URL, options: SendOptions): Promise<RawAnswer | { failure: string }> {
  const { method, timeoutMs } = options;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const response = await options.fetch(url, {
      method,
      headers: {
        ...options.headers,
        Accept: 'application/json',
        'User-Agent': options.userAgent,
        ...(method === 'POST' ? { 'Content-Type': 'application/json' } : {}),
      },
      body: method === 'POST' ? options.body : undefined,
      signal: controller.signal,
    });
    const body = Buffer.from(await response.arrayBuffer());
    return { status: response.status, headers: response.headers, body };
  } catch (error) {
    return { failure: describeFailure(error, timeoutMs) };
  } finally {
    clearTimeout(timer);
  }
}

export const parseJson = (body: Buffer): unknown => {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
};

/** Both channels answer errors as `{code, message}`; WeChat's gateway sometimes leaves the message out. */
const ErrorBodySchema = z.object({ code: z.string().min(1), message: z.string().default('') });

/** The error code an answer carries, for describing an unknown outcome (a 5xx, an unverified answer). */
export function errorCodeOf(answer: RawAnswer): string | null {
  const error = ErrorBodySchema.safeParse(parseJson(answer.body));
  return error.success ? error.data.code : null;
}

/** A refusal (4xx) the client has decided to trust: its code and message, or the raw body when it has none. */
export function refusalOf<T>(answer: RawAnswer): ChannelOutcome<T> {
  const error = ErrorBodySchema.safeParse(parseJson(answer.body));
  return error.success
    ? rejected(answer.status, error.data.code, error.data.message)
    : rejected(answer.status, `HTTP_${answer.status}`, answer.body.toString('utf8').slice(0, 200));
}
