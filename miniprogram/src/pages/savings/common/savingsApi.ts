import { z } from 'zod';
import { checkedCall } from '../../../lib/checkedCall';

/**
 * The savings function's answers (SavingsOverview and SavingsHistoryEntry in cloudfunctions/_core/savings/contract.ts,
 * which still lives with the feature), as zod schemas so a drifting answer shows an error instead of a broken page.
 */
const ScheduleSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('weekly'), weekday: z.number().int() }),
  z.object({ kind: z.literal('monthly'), day: z.number().int() }),
]);
export type Schedule = z.infer<typeof ScheduleSchema>;

export const ENTERPRISE_TYPE_OPTIONS = [
  { label: '快递', value: 'courier' },
  { label: '外卖', value: 'food-delivery' },
  { label: '网约车', value: 'ride-hailing' },
  { label: '其他平台', value: 'other' },
] as const;
export type EnterpriseType = (typeof ENTERPRISE_TYPE_OPTIONS)[number]['value'];

/** What a plan saves for: the resident premium, or employee insurance (flexible employment) for chosen months. */
const TargetChoiceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('resident') }),
  z.object({ kind: z.literal('employee-months'), months: z.array(z.string()), monthlyFen: z.number().int() }),
]);
export type TargetChoice = z.infer<typeof TargetChoiceSchema>;

const TargetSchema = z.object({
  kind: z.enum(['resident', 'employee-months']),
  label: z.string(),
  benefitYear: z.number().int(),
  dueFen: z.number().int().nullable(),
  paid: z.boolean(),
  progressFen: z.number().int(),
  paidFromSavings: z.boolean().optional(),
  progressPercent: z.number(),
  shortfallFen: z.number().int(),
  periodEnd: z.string().nullable(),
  note: z.string().optional(),
  months: z
    .object({ chosen: z.array(z.string()), paid: z.array(z.string()), open: z.array(z.string()), missed: z.array(z.string()), monthlyFen: z.number().int() })
    .optional(),
});
export type SavingsTarget = z.infer<typeof TargetSchema>;

const DepositRangeSchema = z.object({ minFen: z.number().int(), maxFen: z.number().int(), label: z.string() });

const OutlookSchema = z.object({
  kind: z.enum(['on-track', 'short', 'top-up', 'paid']),
  deadline: z.string().nullable(),
  remainingDeposits: z.number().int(),
  firstDate: z.string().nullable(),
  lastDate: z.string().nullable(),
  depositsNeeded: z.number().int(),
  projectedFen: z.number().int(),
  shortfallFen: z.number().int(),
  suggestedDepositFen: z.number().int().nullable(),
  message: z.string(),
});
export type SavingsOutlook = z.infer<typeof OutlookSchema>;

const EstimateSchema = z.object({
  amountError: z.string().nullable(),
  // Optional: a cloud function deployed before targets could be chosen answers without them.
  targetError: z.string().nullable().default(null),
  targetErrorField: z.enum(['months', 'monthly']).nullable().default(null),
  target: TargetSchema.nullable().default(null),
  depositRange: DepositRangeSchema,
  outlook: OutlookSchema.nullable(),
});

const OverviewSchema = z.object({
  plan: z
    .object({
      planId: z.string(),
      state: z.enum(['SIGNING', 'ACTIVE', 'PAUSED', 'CANCELLED', 'FAILED']),
      stateLabel: z.string(),
      accountMasked: z.string(),
      depositFen: z.number().int(),
      schedule: ScheduleSchema,
      scheduleLabel: z.string(),
      topUp: z.boolean(),
      target: TargetChoiceSchema,
      nextDepositDate: z.string().nullable(),
      createdAt: z.string(),
    })
    .nullable(),
  enterprise: z.object({ name: z.string(), type: z.string(), typeLabel: z.string() }).nullable(),
  balanceFen: z.number().int(),
  withdrawableFen: z.number().int(),
  target: TargetSchema,
  depositRange: DepositRangeSchema,
  outlook: OutlookSchema.nullable(),
  /** The months an employee insurance target may choose now. */
  monthChoices: z.array(z.string()),
});
export type SavingsOverview = z.infer<typeof OverviewSchema>;
export type SavingsPlan = NonNullable<SavingsOverview['plan']>;

const HistorySchema = z.object({
  entries: z.array(
    z.object({
      kind: z.enum(['deposit', 'top-up', 'premium', 'refund', 'withdrawal']),
      ref: z.string(),
      at: z.string(),
      amountFen: z.number().int(),
      savingsChangeFen: z.number().int(),
      state: z.string(),
      stateLabel: z.string(),
      detail: z.string(),
    }),
  ),
});
export type HistoryEntry = z.infer<typeof HistorySchema>['entries'][number];

const WithdrawSchema = OverviewSchema.extend({
  withdrawal: z.object({ withdrawalId: z.string(), amountFen: z.number().int(), accountMasked: z.string(), state: z.string(), stateLabel: z.string(), createdAt: z.string() }),
});

export interface PlanTerms {
  depositFen: number;
  schedule: Schedule;
  topUp: boolean;
  /** Left out to keep the live plan's target. */
  target?: TargetChoice;
}

export interface SetupRequest extends PlanTerms {
  enterprise: { name: string; type: EnterpriseType };
  /** Only for a new plan; left out to change the live plan's terms. */
  bankAccount?: { holderName: string; accountNo: string };
}

/** 零存整缴 calls: the plan and progress, its setup and changes, withdrawals, and the history. */
export const savingsApi = {
  get: () => checkedCall('savings', { action: 'get' }, OverviewSchema),
  setup: (request: SetupRequest) => checkedCall('savings', { action: 'setup', ...request }, OverviewSchema),
  pause: () => checkedCall('savings', { action: 'pause' }, OverviewSchema),
  resume: () => checkedCall('savings', { action: 'resume' }, OverviewSchema),
  cancel: () => checkedCall('savings', { action: 'cancel' }, OverviewSchema),
  /** What the terms would do by the deadline, and the server's range refusal for the amount. */
  estimate: (terms: PlanTerms) => checkedCall('savings', { action: 'estimate', ...terms }, EstimateSchema),
  /** `requestId` names the form submission: the same on a retry of it, so the server moves the money once. */
  withdraw: (amountFen: number, requestId: string) => checkedCall('savings', { action: 'withdraw', amountFen, requestId }, WithdrawSchema),
  history: () => checkedCall('savings', { action: 'history' }, HistorySchema),
};
