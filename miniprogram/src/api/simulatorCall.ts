import { z } from 'zod';
import { apiUrl } from './apiUrl';

/**
 * Local mode only: one call to a local simulator's controls through the gateway's same-origin `/sim/` proxy,
 * used by the h5 stand-ins for WeChat's own sheets (payment, 委托代扣 signing). Never throws: a page shows
 * `message` as it is.
 */
export type SimResult<T> = { ok: true; data: T } | { ok: false; message: string };

const SimError = z.object({ message: z.string().min(1) });
const NETWORK_MESSAGE = '网络连接失败，请检查网络后重试';

/** The simulator's own Chinese message when it refused; otherwise `service` is named as unavailable. */
async function read<T>(response: Response, schema: z.ZodType<T>, service: string): Promise<SimResult<T>> {
  const body: unknown = await response.json().catch(() => null);
  const parsed = schema.safeParse(body);
  if (response.ok && parsed.success) return { ok: true, data: parsed.data };
  const failed = SimError.safeParse(body);
  return { ok: false, message: failed.success ? failed.data.message : `${service}暂不可用（${response.status}），请稍后重试` };
}

/** GET `path` when `body` is absent, else POST it as JSON; the answer is checked against `schema`. */
export async function simulatorCall<T>(path: string, schema: z.ZodType<T>, service: string, body?: unknown): Promise<SimResult<T>> {
  try {
    const init: RequestInit | undefined =
      body === undefined ? undefined : { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) };
    return await read(await fetch(apiUrl(path), init), schema, service);
  } catch {
    return { ok: false, message: NETWORK_MESSAGE };
  }
}
