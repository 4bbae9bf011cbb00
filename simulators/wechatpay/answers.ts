/**
 * The simulator's APIv3 error answers, shared by payments (server.ts) and 委托代扣 (papay.ts): WeChat answers
 * a refusal with an HTTP status and a JSON `{ code, message }`.
 */
import type { z } from 'zod';
import { jsonAnswer, type SimAnswer } from '../shared/http';

export const error = (status: number, code: string, message: string): SimAnswer => jsonAnswer(status, { code, message });
export const PARAM_ERROR = (detail: string): SimAnswer => error(400, 'PARAM_ERROR', `参数错误：${detail}`);
export const APPID_MISMATCH = (): SimAnswer => error(400, 'APPID_MCHID_NOT_MATCH', 'appid和mch_id不匹配');

/** A request body checked against its schema: the parsed body, or the PARAM_ERROR naming the fields that failed. */
export function parseBody<S extends z.ZodTypeAny>(schema: S, payload: unknown): { ok: true; body: z.output<S> } | { ok: false; answer: SimAnswer } {
  const parsed = schema.safeParse(payload);
  if (parsed.success) return { ok: true, body: parsed.data };
  return { ok: false, answer: PARAM_ERROR(parsed.error.issues.map((issue) => issue.path.join('.')).join(', ')) };
}
