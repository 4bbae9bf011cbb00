/**
 * Request and response shapes of the savings functions (`savings`, `enterpriseRates`). They live here rather
 * than in shared/api/contract.ts while the feature is new; the mini-program imports them from there once moved.
 */
import { z } from 'zod';
import type { EnterpriseType, SavingsDepositState, SavingsPlanState, SavingsTargetChoice, SavingsWithdrawalState } from '../store/savings.port';

const shortText = (max: number) => z.string().trim().min(1).max(max);
const Fen = z.number().int('金额应为整数（分）').positive('金额应大于0');

export const ENTERPRISE_TYPES = ['courier', 'food-delivery', 'ride-hailing', 'other'] as const satisfies readonly EnterpriseType[];
export const ENTERPRISE_TYPE_LABELS: Record<EnterpriseType, string> = {
  courier: '快递',
  'food-delivery': '外卖',
  'ride-hailing': '网约车',
  other: '其他平台',
};

export const DepositScheduleSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('weekly'), weekday: z.number().int().min(1, '星期应为1（周一）至7（周日）').max(7, '星期应为1（周一）至7（周日）') }).strict(),
  // Days 29–31 are missing from some months: a plan that skipped a month would surprise the worker.
  z.object({ kind: z.literal('monthly'), day: z.number().int().min(1, '每月扣款日应为1至28日').max(28, '每月扣款日应为1至28日') }).strict(),
]);

export const BankAccountSchema = z
  .object({
    holderName: shortText(30),
    accountNo: z.string().trim().regex(/^\d{16,19}$/, '银行卡号应为16至19位数字'),
  })
  .strict();

export const EnterpriseSchema = z.object({ name: shortText(60), type: z.enum(ENTERPRISE_TYPES) }).strict();

/**
 * The mini-program's id for one withdrawal form submission: made once per submission, sent again on every retry of
 * it, new after a success. The server stores the withdrawal under it, so a repeat returns the first result.
 */
export const WithdrawalRequestIdSchema = z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, '转出请求编号应为16至64位字母、数字、下划线或连字符');

/**
 * What the plan saves for: the resident premium, or employee insurance (flexible employment) for chosen months at
 * the monthly amount on the worker's contribution bill. Which months may be chosen is checked by the service.
 */
export const SavingsTargetSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('resident') }).strict(),
  z
    .object({
      kind: z.literal('employee-months'),
      months: z.array(z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份应写作YYYY-MM')).min(1, '请选择要缴费的月份').max(24, '最多选择24个月'),
      monthlyFen: Fen,
    })
    .strict(),
]) satisfies z.ZodType<SavingsTargetChoice>;

const SavingsTerms = {
  depositFen: Fen,
  schedule: DepositScheduleSchema,
  topUp: z.boolean().default(false),
  /** A new plan without one saves for the resident premium; a change without one keeps the plan's target. */
  target: SavingsTargetSchema.optional(),
};

export const SavingsInput = z.discriminatedUnion('action', [
  z.object({ action: z.literal('get') }).strict(),
  z
    .object({
      action: z.literal('setup'),
      ...SavingsTerms,
      enterprise: EnterpriseSchema,
      /** Required for a new plan; left out to change the terms of the live one. */
      bankAccount: BankAccountSchema.optional(),
    })
    .strict(),
  z.object({ action: z.literal('pause') }).strict(),
  z.object({ action: z.literal('resume') }).strict(),
  z.object({ action: z.literal('cancel') }).strict(),
  /** What terms would do by the deadline, before they are saved (the setup page asks as the worker types). */
  z.object({ action: z.literal('estimate'), ...SavingsTerms }).strict(),
  z.object({ action: z.literal('withdraw'), amountFen: Fen, requestId: WithdrawalRequestIdSchema }).strict(),
  z.object({ action: z.literal('history') }).strict(),
]);
export type SavingsRequest = z.infer<typeof SavingsInput>;

export const EnterpriseRatesInput = z
  .object({
    action: z.literal('list'),
    /** The benefit year whose enrollment counts; when absent, the year being collected in its period, else this year. */
    benefitYear: z.number().int().min(2025).max(2100).optional(),
    /** How many days of daily snapshots to show. */
    days: z.number().int().min(1).max(366).default(30),
  })
  .strict();
export type EnterpriseRatesRequest = z.infer<typeof EnterpriseRatesInput>;

export const PLAN_STATE_LABELS: Record<SavingsPlanState, string> = {
  SIGNING: '签约确认中',
  ACTIVE: '存入中',
  PAUSED: '已暂停',
  CANCELLED: '已解约',
  FAILED: '签约未成功',
};

export const DEPOSIT_STATE_LABELS: Record<SavingsDepositState, string> = {
  INIT: '扣款办理中',
  PENDING: '银行处理中',
  UNKNOWN: '结果确认中',
  SUCCESS: '已存入',
  FAILED: '未成功',
};

export const WITHDRAWAL_STATE_LABELS: Record<SavingsWithdrawalState, string> = {
  REQUESTED: '转出办理中',
  PAID: '已转出',
  RETURNED: '已退回',
};

export interface SavingsPlanView {
  planId: string;
  state: SavingsPlanState;
  stateLabel: string;
  accountMasked: string;
  depositFen: number;
  schedule: z.infer<typeof DepositScheduleSchema>;
  scheduleLabel: string;
  topUp: boolean;
  target: SavingsTargetChoice;
  /** The next day a deposit is due, while the plan is active. */
  nextDepositDate: string | null;
  createdAt: string;
}

export interface SavingsTargetView {
  kind: SavingsTargetChoice['kind'];
  /** 2027年度居民医保费, or 职工医保（灵活就业）2027年1月至3月 (the months still to pay, else all chosen). */
  label: string;
  benefitYear: number;
  /** The server's quote for the year; null when the year cannot be paid (the note says why). */
  dueFen: number | null;
  paid: boolean;
  /** Paid with these savings (the sweep), rather than in the app, at a counter or by a bank; progressFen is then what it took. */
  paidFromSavings?: boolean;
  progressFen: number;
  progressPercent: number;
  shortfallFen: number;
  periodEnd: string | null;
  note?: string;
  /** Employee insurance months: each chosen month's standing, and the monthly amount. */
  months?: { chosen: string[]; paid: string[]; open: string[]; missed: string[]; monthlyFen: number };
}

/** The deposit amounts a plan may choose: the savings settings, within the bank contract's per-debit limit. */
export interface DepositRangeView {
  minFen: number;
  maxFen: number;
  /** e.g. 每次可存 1 元至 1000 元 */
  label: string;
}

/**
 * What a plan's terms do by the deadline (outlook.ts): on track, short (with the shortfall and what closes it),
 * short but topped up, or the year already paid (what further deposits are for).
 */
export interface SavingsOutlookView {
  kind: 'on-track' | 'short' | 'top-up' | 'paid';
  deadline: string | null;
  remainingDeposits: number;
  firstDate: string | null;
  lastDate: string | null;
  depositsNeeded: number;
  projectedFen: number;
  shortfallFen: number;
  /** The smallest deposit that would reach the premium, when one within the range would. */
  suggestedDepositFen: number | null;
  message: string;
}

export interface SavingsOverview {
  plan: SavingsPlanView | null;
  enterprise: { name: string; type: EnterpriseType; typeLabel: string } | null;
  balanceFen: number;
  withdrawableFen: number;
  target: SavingsTargetView;
  depositRange: DepositRangeView;
  /** The live plan's outlook; null without a live plan or a premium to save for. */
  outlook: SavingsOutlookView | null;
  /** The months an employee insurance target may choose now (this month and the next ones), paid ones left out. */
  monthChoices: string[];
}

export interface SavingsEstimate {
  /** The server's range message when the amount is outside the range (no outlook then). */
  amountError: string | null;
  /** Why the chosen target cannot be saved for (months not offered, already paid, an implausible amount). */
  targetError: string | null;
  /** The form field the target error belongs under. */
  targetErrorField: 'months' | 'monthly' | null;
  /** The target as these terms would save for it; null with a target error. */
  target: SavingsTargetView | null;
  depositRange: DepositRangeView;
  outlook: SavingsOutlookView | null;
}

export interface SavingsHistoryEntry {
  kind: 'deposit' | 'top-up' | 'premium' | 'refund' | 'withdrawal';
  ref: string;
  at: string;
  amountFen: number;
  /** Money into savings is positive, out of it negative; a deposit that failed moved nothing. */
  savingsChangeFen: number;
  state: string;
  stateLabel: string;
  detail: string;
}

export interface EnterpriseRateView {
  enterpriseKey: string;
  name: string;
  type: EnterpriseType;
  typeLabel: string;
  workers: number;
  enrolled: number;
  /** enrolled / workers in basis points (1/100 of a percent), rounded down. */
  rateBp: number;
  rateLabel: string;
  history: { date: string; workers: number; enrolled: number; rateBp: number }[];
  /** Today's rate minus the earliest snapshot's in the window; null with no snapshot to compare with. */
  changeBp: number | null;
}
