import { z } from 'zod';
import type { FunctionName } from '@shared/api/contract';
import { ERROR_CODES, type ApiError, type ApiResult, type ErrorCode } from '@shared/api/errors';
import { callFunction } from '../api/transport';

const Refusal = z.object({ ok: z.literal(false), error: z.object({ code: z.string(), message: z.string().min(1) }) });
const Answered = z.object({ ok: z.literal(true), data: z.unknown() });
const UNREADABLE: ApiError = { code: 'INTERNAL', message: '服务返回的内容无法识别，请稍后再试' };
const KNOWN: readonly string[] = ERROR_CODES;

/**
 * One cloud-function call whose answer is checked against `output` before a page sees it: an answer that drifts
 * from the contract shows a clear Chinese error instead of a broken page. Also takes `savings` and
 * `enterpriseRates`, whose contracts still live with the savings feature (cloudfunctions/_core/savings/contract.ts)
 * and are not in the shared FUNCTION_INPUTS list yet.
 */
export async function checkedCall<S extends z.ZodType>(name: FunctionName | 'savings' | 'enterpriseRates', input: unknown, output: S): Promise<ApiResult<z.infer<S>>> {
  const raw = await callFunction(name as FunctionName, input);
  const refused = Refusal.safeParse(raw);
  if (refused.success) {
    const { code, message } = refused.data.error;
    return { ok: false, error: { code: KNOWN.includes(code) ? (code as ErrorCode) : 'INTERNAL', message } };
  }
  const answered = Answered.safeParse(raw);
  const data = answered.success ? output.safeParse(answered.data.data) : null;
  return data?.success ? { ok: true, data: data.data as z.infer<S> } : { ok: false, error: UNREADABLE };
}
