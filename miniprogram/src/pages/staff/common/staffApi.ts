import { z } from 'zod';
import { MeOutput, ReconciliationOutput, type FunctionName } from '@shared/api/contract';
import { ERROR_CODES, type ApiError, type ApiResult, type ErrorCode } from '@shared/api/errors';
import { callFunction } from '../../../api/transport';

/**
 * The staff pages' calls. Answers are parsed against a schema before a page sees them, so a function that
 * drifts from the contract shows a Chinese error instead of a broken page. `enterpriseRates` is not in the
 * shared function list yet (its contract still lives with the savings feature), hence its shape here.
 */
export const RateHistorySchema = z.object({ date: z.string(), workers: z.number().int(), enrolled: z.number().int(), rateBp: z.number().int() });
export const EnterpriseRatesOutput = z.object({
  benefitYear: z.number().int(),
  asOf: z.string(),
  enterprises: z.array(
    z.object({
      enterpriseKey: z.string(),
      name: z.string(),
      typeLabel: z.string(),
      workers: z.number().int(),
      enrolled: z.number().int(),
      rateBp: z.number().int(),
      rateLabel: z.string(),
      history: z.array(RateHistorySchema),
      changeBp: z.number().int().nullable(),
    }),
  ),
});
export type EnterpriseRates = z.infer<typeof EnterpriseRatesOutput>;
export type EnterpriseRate = EnterpriseRates['enterprises'][number];
export type ReconciliationReport = z.infer<typeof ReconciliationOutput>;
export type ReconciliationChannel = ReconciliationReport['channel'];

const Failure = z.object({ ok: z.literal(false), error: z.object({ code: z.string(), message: z.string().min(1) }) });
const Success = z.object({ ok: z.literal(true), data: z.unknown() });
const UNREADABLE: ApiError = { code: 'INTERNAL', message: '服务返回的内容无法识别，请稍后再试' };

async function staffCall<Output extends z.ZodType>(name: string, data: unknown, output: Output): Promise<ApiResult<z.infer<Output>>> {
  const raw = await callFunction(name as FunctionName, data);
  const failed = Failure.safeParse(raw);
  if (failed.success) {
    const { code, message } = failed.data.error;
    return { ok: false, error: { code: (ERROR_CODES as readonly string[]).includes(code) ? (code as ErrorCode) : 'INTERNAL', message } };
  }
  const answer = Success.safeParse(raw);
  const parsed = answer.success ? output.safeParse(answer.data.data) : null;
  return parsed?.success ? { ok: true, data: parsed.data as z.infer<Output> } : { ok: false, error: UNREADABLE };
}

export const staffApi = {
  me: () => staffCall('me', {}, MeOutput),
  reconciliation: (action: 'get' | 'run', billDate: string, channel: ReconciliationChannel) =>
    staffCall('reconciliation', { action, billDate, channel }, ReconciliationOutput),
  enterpriseRates: (days: number) => staffCall('enterpriseRates', { action: 'list', days }, EnterpriseRatesOutput),
};

/** The server refuses callers without the staff or fund role with FORBIDDEN; the page says so plainly. */
export const STAFF_ONLY_MESSAGE = '此页面仅供医保经办人员和基金管理人员使用。您的账号没有相应权限，如需开通请联系管理员。';

export const isStaff = (roles: readonly string[]): boolean => roles.includes('staff') || roles.includes('fund');
