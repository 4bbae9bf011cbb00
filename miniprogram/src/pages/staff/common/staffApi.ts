import { z } from 'zod';
import { HeldMoneyOutput, MeOutput, ReconciliationOutput, ReconciliationTodayOutput, RestoreOutput, type PayOutMethod } from '@shared/api/contract';
import { checkedCall } from '../../../lib/checkedCall';

/**
 * The staff pages' calls, each answer checked by checkedCall. `enterpriseRates` is not in the shared function
 * list yet (its contract still lives with the savings feature), hence its shape here.
 */
export const RateHistorySchema = z.object({ date: z.string(), workers: z.number().int(), enrolled: z.number().int(), rateBp: z.number().int() });
export const EnterpriseRatesOutput = z.object({
  benefitYear: z.number().int(),
  /** The years staff may choose between, the default first. */
  years: z.array(z.number().int()),
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
export type { HeldMoneyItem, HeldMoneyOutput } from '@shared/api/contract';

export const staffApi = {
  me: () => checkedCall('me', {}, MeOutput),
  reconciliation: (action: 'get' | 'run', billDate: string, channel: ReconciliationChannel) =>
    checkedCall('reconciliation', { action, billDate, channel }, ReconciliationOutput),
  /** The server's business day (Asia/Shanghai), which 对账 offers as 今天: never the phone's clock. */
  serverToday: () => checkedCall('reconciliation', { action: 'today' }, ReconciliationTodayOutput),
  /** 待人工处理款项: money code cannot finish, and the balances of the accounts holding it. */
  heldMoney: () => checkedCall('reconciliation', { action: 'held' }, HeldMoneyOutput),
  /** Fund staff: an item of that list paid to its person by another route; answers the list as it now stands. */
  payOut: (ref: string, amountFen: number, method: PayOutMethod, voucherNo: string) =>
    checkedCall('reconciliation', { action: 'payOut', ref, amountFen, method, voucherNo }, HeldMoneyOutput),
  /** Staff at the counter: a year a refund suspended (D15), restored. */
  restoreSuspended: (idNumber: string, benefitYear: number, reason: string) =>
    checkedCall('refunds', { action: 'restore', idNumber, benefitYear, reason }, RestoreOutput),
  enterpriseRates: (days: number, benefitYear?: number) =>
    checkedCall('enterpriseRates', { action: 'list', days, ...(benefitYear ? { benefitYear } : {}) }, EnterpriseRatesOutput),
};

/** The server refuses callers without the staff or fund role with FORBIDDEN; the page says so plainly. */
export const STAFF_ONLY_MESSAGE = '此页面仅供医保经办人员和基金管理人员使用。您的账号没有相应权限，如需开通请联系管理员。';

export const isStaff = (roles: readonly string[]): boolean => roles.includes('staff') || roles.includes('fund');
