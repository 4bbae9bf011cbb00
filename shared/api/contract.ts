/**
 * The cloud functions' request and response shapes, shared by the mini-program and the functions.
 * Each function answers `{ ok: true, data }` or `{ ok: false, error: { code, message } }` (see errors.ts).
 * Identity never travels in a request: the server takes it from the WeChat context (OPENID).
 */
import { z } from 'zod';
import { isCalendarDate } from '../policy/dates';

/** 近亲属 as the Civil Code lists them (D13). The relation is what the relative is TO the caller. */
export const RELATIONS = ['spouse', 'parent', 'child', 'sibling', 'grandparent', 'grandchild'] as const;
export const RelationSchema = z.enum(RELATIONS);
export type Relation = z.infer<typeof RelationSchema>;

export const RELATION_LABELS: Record<Relation | 'self', string> = {
  self: '本人',
  spouse: '配偶',
  parent: '父母',
  child: '子女',
  sibling: '兄弟姐妹',
  grandparent: '祖父母/外祖父母',
  grandchild: '孙子女/外孙子女',
};

/**
 * `hospital`: a designated medical institution's account, which asks benefit status at settlement and nothing else.
 * It is not `staff`, whose counter functions (cash payments, 恢复暂停参保) a hospital must not reach.
 */
export const ROLES = ['resident', 'staff', 'university', 'village', 'fund', 'hospital'] as const;
export const RoleSchema = z.enum(ROLES);
export type Role = z.infer<typeof RoleSchema>;

const shortText = (max: number) => z.string().trim().min(1).max(max);

/** An 18-character ID number as typed; the checksum is verified by the server (and by the form, for speed). */
export const IdNumberInputSchema = z.string().trim().max(18).regex(/^\d{17}[\dXx]$/, '身份证号码应为18位');

/** A person as any response shows them: the ID number is always masked. */
export const PersonViewSchema = z.object({
  personId: z.string(),
  name: z.string(),
  idNumberMasked: z.string(),
  birthDate: z.string(),
  sex: z.enum(['M', 'F']),
});
export type PersonView = z.infer<typeof PersonViewSchema>;

// ---- me ----
export const MeInput = z.object({}).strict();
export const MeOutput = z.object({
  bound: z.boolean(),
  person: PersonViewSchema.nullable(),
  roles: z.array(RoleSchema),
});
export type MeOutput = z.infer<typeof MeOutput>;

// ---- bindIdentity ----
export const BindIdentityInput = z
  .object({ name: shortText(30), idNumber: IdNumberInputSchema })
  .strict();
export const BindIdentityOutput = z.object({ person: PersonViewSchema });

// ---- relatives ----
export const RelativesInput = z.discriminatedUnion('action', [
  z.object({ action: z.literal('list') }).strict(),
  z
    .object({ action: z.literal('add'), name: shortText(30), idNumber: IdNumberInputSchema, relation: RelationSchema })
    .strict(),
  z.object({ action: z.literal('remove'), linkId: shortText(64) }).strict(),
]);
export const RelativeViewSchema = z.object({
  linkId: z.string(),
  relation: RelationSchema,
  /** Verified against the population registry: only then may money move for this relative. */
  verified: z.boolean(),
  verifyNote: z.string().optional(),
  person: PersonViewSchema,
});
export type RelativeView = z.infer<typeof RelativeViewSchema>;
export const RelativesOutput = z.object({ relatives: z.array(RelativeViewSchema) });

// ---- coverage ("我的参保") ----
export const CoverageInput = z.object({}).strict();
export const CoverageYearSchema = z.object({
  benefitYear: z.number().int(),
  /**
   * ENROLLED: paid for that year; DUE: not paid yet; UNAVAILABLE: no quote could be made; SUSPENDED: paid, then left
   * after the year started (D15: no refund, the enrollment is suspended).
   */
  state: z.enum(['ENROLLED', 'DUE', 'UNAVAILABLE', 'SUSPENDED']),
  standardFen: z.number().int().nullable(),
  dueFen: z.number().int().nullable(),
  reductions: z.array(z.object({ rule: z.string(), payer: z.string(), fen: z.number().int(), label: z.string().optional() })),
  benefitStart: z.string().nullable(),
  benefitEnd: z.string().nullable(),
  waitingMonths: z.number().int().nullable(),
  provisional: z.boolean(),
  note: z.string().optional(),
  /**
   * A DUE year that an unfinished payment holds (an order waiting for WeChat, a debit or advance on its way): paying
   * again would be refused. `orderId` when the caller placed it, so the page can open it to continue.
   */
  paymentInProgress: z.object({ orderId: z.string().optional() }).optional(),
});
export type CoverageYear = z.infer<typeof CoverageYearSchema>;
export const CoverageOutput = z.object({
  today: z.string(),
  people: z.array(
    z.object({
      relation: z.union([z.literal('self'), RelationSchema]),
      verified: z.boolean(),
      person: PersonViewSchema,
      years: z.array(CoverageYearSchema),
    }),
  ),
});
export type CoverageOutput = z.infer<typeof CoverageOutput>;

// ---- pay (one order for one or more person-years; family payment and prepayment use the same order) ----
export const PayInput = z
  .object({
    items: z
      .array(z.object({ personId: shortText(64), benefitYear: z.number().int().min(2000).max(2100) }).strict())
      .min(1)
      .max(10),
    /** Pay from the caller's employee personal account first, the rest by WeChat Pay (D14). */
    useAccount: z.boolean().default(false),
  })
  .strict();
export const ORDER_STATES = ['INIT', 'PENDING', 'UNKNOWN', 'SUCCESS', 'FAILED'] as const;
export const ORDER_STATE_LABELS: Record<(typeof ORDER_STATES)[number], string> = {
  INIT: '待支付',
  PENDING: '待支付',
  UNKNOWN: '支付结果确认中',
  SUCCESS: '已缴费',
  FAILED: '未成功（未扣款）',
};
/** The states a refund of a paid item passes through (a suspension moves no money and is not one). */
const ITEM_REFUND_STATES = ['PENDING', 'UNKNOWN', 'SUCCESS', 'FAILED'] as const;
type ItemRefundState = (typeof ITEM_REFUND_STATES)[number];

/**
 * What a paid order says once its items were refunded or suspended, or null when none was: a refund that failed or
 * is on its way is said, never hidden behind 已退费; a suspended year (D15: left after it started, no refund) is
 * named too.
 */
export function paidOrderLabel(items: readonly { refundState?: ItemRefundState; suspended?: boolean }[]): string | null {
  const states = items.map((i) => i.refundState);
  if (items.length === 0) return null;
  if (states.includes('FAILED')) return '退费未成功，请联系经办窗口';
  if (states.includes('PENDING') || states.includes('UNKNOWN')) return '退费处理中';
  if (states.every((s) => s === 'SUCCESS')) return '已退费';
  if (states.includes('SUCCESS')) return '已缴费（部分退费）';
  if (items.every((i) => i.suspended)) return '已缴费（已暂停参保）';
  return items.some((i) => i.suspended) ? '已缴费（部分暂停参保）' : null;
}
export const RequestPaymentSchema = z.object({
  appId: z.string(),
  timeStamp: z.string(),
  nonceStr: z.string(),
  package: z.string(),
  signType: z.literal('RSA'),
  paySign: z.string(),
});
export const OrderViewSchema = z.object({
  orderId: z.string(),
  state: z.enum(ORDER_STATES),
  stateLabel: z.string(),
  totalFen: z.number().int(),
  /** Paid from the employee personal account (D14). */
  accountFen: z.number().int(),
  /** Paid from 零存整缴 savings (D17); absent is 0. */
  savingsFen: z.number().int().optional(),
  wechatFen: z.number().int(),
  createdAt: z.string(),
  /** Which channel took the non-account part: WeChat Pay, the bank (auto-renewal) or cash at a counter. */
  channel: z.enum(['wechatpay', 'papay', 'bank', 'cash']).optional(),
  /** `refundState`: the person-year's refund, once one was approved (its money on the way back, back, or stuck). */
  items: z.array(z.object({
    personId: z.string(), name: z.string(), benefitYear: z.number().int(), dueFen: z.number().int(),
    refundState: z.enum(ITEM_REFUND_STATES).optional(),
    /** Paid, then left after the year started: suspended, not refunded (D15). */
    suspended: z.boolean().optional(),
  })),
  /** Present while the WeChat leg waits for the payer: the arguments of wx.requestPayment. */
  requestPayment: RequestPaymentSchema.optional(),
  /** The payer cancelled and WeChat has not yet confirmed the close: no sheet, nothing taken, a new payment soon. */
  cancelling: z.boolean().optional(),
  /** Receipt number, once paid. */
  receiptNo: z.string().optional(),
  /** A paid order whose money cannot go back from here (bank, 委托代扣, cash): where to ask for its refund. */
  refundElsewhere: z.string().optional(),
  /**
   * FAILED, yet WeChat took money for it that could not be booked (another amount, or paid after it failed): fund
   * staff pay it back ('pending'), or have ('paid-out'). Absent on every other order.
   */
  held: z.enum(['pending', 'paid-out']).optional(),
});
export type OrderView = z.infer<typeof OrderViewSchema>;

// ---- counterPayment (staff record a cash payment taken at a counter) ----
export const CounterPaymentInput = z
  .object({
    idNumber: IdNumberInputSchema,
    benefitYear: z.number().int().min(2000).max(2100),
    // Written by hand on paper: rc-100001 and RC-100001 are one receipt, kept once (upper case).
    receiptNo: z.string().trim().regex(/^[A-Za-z0-9-]{6,32}$/, '收据号应为6至32位字母、数字或短横线').transform((no) => no.toUpperCase()),
    receivedFen: z.number().int().positive(),
  })
  .strict();

// ---- payments (my orders and receipts) ----
export const PaymentsInput = z.discriminatedUnion('action', [
  z.object({ action: z.literal('list') }).strict(),
  z.object({ action: z.literal('get'), orderId: shortText(64) }).strict(),
  /** The payer left the WeChat sheet: close the order at WeChat, then end it and give the held money back. */
  z.object({ action: z.literal('cancel'), orderId: shortText(64) }).strict(),
  /** What 缴费 shows before ordering: the personal-account balance and each prepayable year's price (D12, D14). */
  z.object({ action: z.literal('options') }).strict(),
]);

// ---- refunds (D15): to the original sources, in the original split ----
export const REFUND_REASON_VALUES = [
  'joined-employee-insurance',
  'emigration',
  'death',
  'duplicate-payment',
  'enrolled-elsewhere',
  'prepaid-year-withdrawal',
] as const;
export const RefundsInput = z.discriminatedUnion('action', [
  z.object({ action: z.literal('list') }).strict(),
  z.object({ action: z.literal('get'), refundId: shortText(64) }).strict(),
  z
    .object({
      action: z.literal('request'),
      orderId: shortText(64),
      personId: shortText(64),
      benefitYear: z.number().int().min(2000).max(2100),
      reason: z.enum(REFUND_REASON_VALUES),
    })
    .strict(),
  /**
   * Staff at the 经办窗口: restore a year suspended by a refund asked for after it started (D15), e.g. for someone back
   * in resident insurance after leaving employee insurance. The person by ID number, as at the counter.
   */
  z
    .object({
      action: z.literal('restore'),
      idNumber: IdNumberInputSchema,
      benefitYear: z.number().int().min(2000, '参保年度有误').max(2100, '参保年度有误'),
      reason: z.string().trim().min(1, '请填写恢复原因').max(100, '恢复原因不超过 100 个字'),
    })
    .strict(),
]);
/** A suspended year restored at the counter: whose (ID masked), which year, since when it was suspended. */
export const RestoredYearSchema = z.object({
  personName: z.string(),
  idMasked: z.string(),
  benefitYear: z.number().int(),
  suspendedFrom: z.string(),
  restoredOn: z.string(),
  /** Whether the person was told (a notice needs an account bound to them). */
  notified: z.boolean(),
});
export const RestoreOutput = z.object({ restored: RestoredYearSchema });
export type RestoreOutput = z.infer<typeof RestoreOutput>;
export const REFUND_STATE_LABELS = {
  PENDING: '退款处理中',
  UNKNOWN: '退款结果确认中',
  SUCCESS: '已退款',
  FAILED: '退款未成功，请联系经办窗口',
  SUSPENDED: '已暂停参保（不退费）',
} as const;
/** A refund WeChat would not pay, paid to the person by fund staff another way (a bank transfer, cash). */
export const REFUND_PAID_OUT_LABEL = '已由经办机构线下退还';
export const RefundViewSchema = z.object({
  refundId: z.string().nullable(),
  orderId: z.string(),
  personId: z.string(),
  benefitYear: z.number().int(),
  state: z.enum(['PENDING', 'UNKNOWN', 'SUCCESS', 'FAILED', 'SUSPENDED']),
  stateLabel: z.string(),
  refundFen: z.number().int(),
  /** Back to the employee personal account. */
  accountFen: z.number().int(),
  /** Back to 零存整缴 savings; absent is 0. */
  savingsFen: z.number().int().optional(),
  wechatFen: z.number().int(),
  /** The rules engine's explanation of the decision (kept with the refund), or the state label for older ones. */
  message: z.string(),
  createdAt: z.string().nullable(),
});
export type RefundView = z.infer<typeof RefundViewSchema>;

// ---- reconciliation (fund staff) ----
/** A real calendar day (2026-02-30 is not one); whether the statement exists yet is the server's to say. */
const BillDateSchema = z.iso.date({ error: '请填写有效的日期（YYYY-MM-DD）' });
/** Whose statement: WeChat Pay's trade bill (the default, as before channels existed) or the partner bank's. */
export const ReconciliationChannelSchema = z.enum(['wechatpay', 'bank']);
const channelField = ReconciliationChannelSchema.default('wechatpay');
/** How fund staff paid held money back; wechat-refund: refunded on WeChat Pay's merchant platform (only money still at WeChat). */
export const PAYOUT_METHODS = ['bank-transfer', 'cash', 'wechat-refund'] as const;
export type PayOutMethod = (typeof PAYOUT_METHODS)[number];
export const ReconciliationInput = z.discriminatedUnion('action', [
  z.object({ action: z.literal('get'), billDate: BillDateSchema, channel: channelField }).strict(),
  z.object({ action: z.literal('run'), billDate: BillDateSchema, channel: channelField }).strict(),
  /** The server's business day: staff pick 今天 / 昨天 from it, since a phone's clock or time zone may be wrong. */
  z.object({ action: z.literal('today') }).strict(),
  /** 待人工处理款项: money code cannot finish (a refund that did not pay out, a repayment the bank will not take). */
  z.object({ action: z.literal('held') }).strict(),
  /**
   * Fund staff record that an item of that list was paid to its person by another route: how, the voucher of that
   * payment, and the amount they saw (refused if the item has changed since).
   */
  z.object({
    action: z.literal('payOut'),
    ref: z.string().min(1).max(64),
    amountFen: z.number().int().positive(),
    method: z.enum(PAYOUT_METHODS),
    voucherNo: z.string().trim().min(1, '请填写退还凭证号').max(40, '凭证号不超过 40 个字符'),
  }).strict(),
]);
export const RECONCILIATION_STATUSES = ['MATCHED', 'MISSING_ON_OUR_SIDE', 'MISSING_ON_CHANNEL_SIDE', 'AMOUNT_MISMATCH', 'STATUS_MISMATCH'] as const;
export const ReconciliationLineSchema = z.object({
  billDate: z.string(),
  kind: z.enum(['payment', 'refund', 'debit', 'deposit', 'advance', 'repayment']),
  ref: z.string(),
  status: z.enum(RECONCILIATION_STATUSES),
  ourFen: z.number().int().nullable(),
  channelFen: z.number().int().nullable(),
  detail: z.string(),
  checkedAt: z.string(),
});
export const ReconciliationOutput = z.object({
  channel: ReconciliationChannelSchema,
  billDate: z.string(),
  counts: z.record(z.enum(RECONCILIATION_STATUSES), z.number().int()),
  lines: z.array(ReconciliationLineSchema),
  /** When the day was last reconciled; absent when it never was (a day reconciled with no lines has it). */
  checkedAt: z.string().optional(),
});
export type ReconciliationOutput = z.infer<typeof ReconciliationOutput>;
/** The answer to `today`: the functions' calendar date in Hefei (YYYY-MM-DD), pinned by DEV_TODAY when local. */
export const ReconciliationTodayOutput = z.object({ today: BillDateSchema });
export type ReconciliationTodayOutput = z.infer<typeof ReconciliationTodayOutput>;

export const HELD_MONEY_KINDS = [
  'refund-failed', 'repayment-refund-stuck', 'repayment-amount-mismatch', 'repayment-paid-after-close', 'remittance-held', 'payment-amount-mismatch', 'payment-paid-after-failed',
] as const;
export const HeldMoneyItemSchema = z.object({
  kind: z.enum(HELD_MONEY_KINDS),
  /** Our number for it: a refund id, a repayment id or a payment order id (also WeChat's out_trade_no / out_refund_no). */
  ref: z.string(),
  amountFen: z.number().int(),
  personName: z.string(),
  /** Never the full ID number. */
  idMasked: z.string(),
  /** Since when it has waited (UTC instant). */
  since: z.string(),
  /** What happened and where the money is, in Chinese. */
  reason: z.string(),
  /** The ledger account holding it; null when nothing was booked (the money is only at WeChat). */
  accountId: z.string().nullable(),
  /**
   * Whether fund staff may record paying it out: not money still being sent to the bank (the janitor would deliver it
   * as well).
   */
  payable: z.boolean(),
  /**
   * False when WeChat said it was paid but gave no amount: `amountFen` is then 0, and staff record the amount they
   * found on WeChat's merchant platform with the payout.
   */
  amountKnown: z.boolean(),
});
export type HeldMoneyItem = z.infer<typeof HeldMoneyItemSchema>;
export const HeldMoneyOutput = z.object({
  asOf: z.string(),
  items: z.array(HeldMoneyItemSchema),
  /** Each holding account's balance beside the part of it the list explains (the rest is money in flight). */
  accounts: z.array(z.object({ accountId: z.string(), balanceFen: z.number().int(), listedFen: z.number().int() })),
  /** More are waiting than one answer lists. */
  truncated: z.boolean(),
  /** The caller may record a payout (fund staff); others read the list only. */
  canPayOut: z.boolean(),
  /** After a payout: whether its person was told (a notice needs the person the money belonged to). */
  notified: z.boolean().optional(),
});
export type HeldMoneyOutput = z.infer<typeof HeldMoneyOutput>;

// ---- agreements (自动续缴协议, D17) ----
export const AgreementsInput = z.discriminatedUnion('action', [
  z.object({ action: z.literal('list') }).strict(),
  z
    .object({
      action: z.literal('sign'),
      personId: shortText(64),
      /** bank: entrusted debit from a bank account; wechat: a WeChat Pay 委托代扣 (papay) contract. */
      channel: z.enum(['bank', 'wechat']).default('bank'),
      bankAccount: z
        .object({
          holderName: shortText(30),
          accountNo: z.string().trim().regex(/^\d{16,19}$/, '银行卡号应为16至19位数字'),
        })
        .strict()
        .optional(),
    })
    .strict()
    .refine((input) => input.channel !== 'bank' || input.bankAccount !== undefined, { message: '请填写银行账户', path: ['bankAccount'] }),
  z.object({ action: z.literal('pause'), agreementId: shortText(64) }).strict(),
  z.object({ action: z.literal('resume'), agreementId: shortText(64) }).strict(),
  z.object({ action: z.literal('cancel'), agreementId: shortText(64) }).strict(),
]);
/** What the mini-program needs to open WeChat's signing mini-program (navigateToMiniProgram) for a papay contract. */
export const WechatSignSchema = z.object({
  appId: z.string(),
  path: z.string(),
  extraData: z.object({ pre_entrustweb_id: z.string() }),
});
export type WechatSign = z.infer<typeof WechatSignSchema>;
/** The next planned debit under an ACTIVE or PAUSED agreement (read from the batch's rows; see agreements/nextDebit.ts). */
export const NextDebitSchema = z.object({
  benefitYear: z.number().int(),
  status: z.enum(['scheduled', 'noticed', 'in-progress', 'retrying', 'paid', 'enrolled', 'nothing-due', 'not-payable', 'gave-up', 'paused']),
  statusLabel: z.string(),
  amountFen: z.number().int().nullable(),
  /** The Asia/Shanghai day the debit is planned for; null when none is planned. */
  plannedDate: z.string().nullable(),
  /** When the 扣款提醒 notice for this year went out. */
  noticeSentAt: z.string().nullable(),
  lastFailure: z.object({ at: z.string(), attempt: z.number().int(), reason: z.string() }).nullable(),
  periodEnd: z.string().optional(),
  note: z.string().optional(),
});
export type NextDebit = z.infer<typeof NextDebitSchema>;
export const AgreementViewSchema = z.object({
  agreementId: z.string(),
  personId: z.string(),
  personName: z.string(),
  channel: z.enum(['bank', 'wechat']),
  accountMasked: z.string(),
  state: z.enum(['SIGNING', 'ACTIVE', 'PAUSED', 'CANCELLED', 'FAILED']),
  stateLabel: z.string(),
  createdAt: z.string(),
  /** When the state last changed: for an ended agreement (CANCELLED, FAILED), when it ended. */
  updatedAt: z.string(),
  /** Why an ended agreement ended and what the resident may do now, in Chinese; absent while it stands. */
  endNote: z.string().optional(),
  /** Only in the answer to a WeChat `sign` (and its retry) while the contract waits for the user's signature. */
  wechatSign: WechatSignSchema.optional(),
  nextDebit: NextDebitSchema.optional(),
});
export type AgreementView = z.infer<typeof AgreementViewSchema>;

// ---- notices (站内消息) ----
export const NoticesInput = z.object({ action: z.literal('list') }).strict();

// ---- credit (信用参保, D16) and benefit status ----
export const CalendarDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD')
  .refine((value) => isCalendarDate(value), '日期不存在');
const BenefitYearSchema = z.number().int().min(2000).max(2100);
export const CreditInput = z.discriminatedUnion('action', [
  z.object({ action: z.literal('eligibility'), personId: shortText(64), benefitYear: BenefitYearSchema }).strict(),
  z
    .object({
      action: z.literal('sign'),
      personId: shortText(64),
      benefitYear: BenefitYearSchema,
      /** The person saw that a live auto-renewal agreement may still debit this year, and signs anyway. */
      confirmAutoRenewal: z.boolean().optional(),
    })
    .strict(),
  z.object({ action: z.literal('list') }).strict(),
  z
    .object({
      action: z.literal('repay'),
      advanceId: shortText(64),
      /** WeChat Pay (we collect and remit to the bank) or the bank (it collects from the borrower). Bank when absent. */
      channel: z.enum(['bank', 'wechatpay']).optional(),
      /** The amount the person confirmed: refused if the bank now says another amount is owed. */
      expectedFen: z.number().int().positive().optional(),
    })
    .strict(),
  /** The payer left the WeChat sheet of a repayment without paying. */
  z.object({ action: z.literal('cancelRepayment'), repaymentId: shortText(64) }).strict(),
]);
export const BenefitStatusInput = z
  .object({
    personId: shortText(64),
    /** The day to answer for; today (Asia/Shanghai) when absent. */
    date: CalendarDateSchema.optional(),
  })
  .strict();

/** Function name → input schema, the gateway's and the client's single list. */
export const FUNCTION_INPUTS = {
  me: MeInput,
  bindIdentity: BindIdentityInput,
  relatives: RelativesInput,
  coverage: CoverageInput,
  pay: PayInput,
  payments: PaymentsInput,
  refunds: RefundsInput,
  reconciliation: ReconciliationInput,
  agreements: AgreementsInput,
  counterPayment: CounterPaymentInput,
  credit: CreditInput,
  benefitStatus: BenefitStatusInput,
  notices: NoticesInput,
} as const;
export type FunctionName = keyof typeof FUNCTION_INPUTS;
