import type { HeldMoneyItem, ReconciliationInput } from '../../../shared/api/contract';
import type { z } from 'zod';
import type { App } from '../app';
import type { Caller } from '../caller';
import { isoInstant } from '../clock';
import { formatYuan, noticeIn } from '../agreements/notices';
import { AppError } from '../errors';
import { accounts } from '../ledger/accounts';
import { InsufficientBalance, LedgerRuleViolation, type TransferInput } from '../ledger/transfer';
import { log } from '../log';
import type { StoreOps } from '../store/port';
import { heldItem, holdingAccount } from './heldMoney';

type PayOutInput = Extract<z.infer<typeof ReconciliationInput>, { action: 'payOut' }>;

/** How the notice says it went back: "通过…退还". */
const METHOD_LABELS: Record<PayOutInput['method'], string> = { 'bank-transfer': '银行转账', cash: '现金', 'wechat-refund': '微信支付原路' };

/** Whose money it was, in what words the resident knew it (for the notice that it has been paid back), and what was asked of them. */
async function ownerOf(app: App, ref: string): Promise<{ personId: string; openid: string; what: string; askedFen: number } | null> {
  const order = (await app.store.getOrder(ref))?.order;
  if (order) return { personId: order.payerPersonId, openid: order.payerOpenid, what: `缴费单 ${order.orderId} 未能入账的微信支付款项`, askedFen: order.wechatFen };
  const refund = await app.store.getRefund(ref);
  if (refund) return { personId: refund.personId, openid: refund.requestedBy, what: `${refund.benefitYear} 年度居民医保退费`, askedFen: refund.wechatFen };
  const repayment = await app.store.getCreditRepayment(ref);
  const advance = repayment ? await app.store.getCreditAdvance(repayment.advanceId) : null;
  return repayment && advance
    ? { personId: advance.personId, openid: repayment.requestedBy, what: `${advance.benefitYear} 年度银行代缴保费的微信还款`, askedFen: repayment.amountFen }
    : null;
}

/** The row the item is, marked paid out: it leaves the list, and the person's own views say so. */
function markPaidOut(tx: StoreOps, item: HeldMoneyItem, at: string): Promise<boolean> {
  if (item.kind === 'refund-failed') return tx.transitionRefund({ refundId: item.ref, from: ['FAILED'], to: 'FAILED', at, patch: { paidOutAt: at } });
  if (item.kind === 'payment-amount-mismatch' || item.kind === 'payment-paid-after-failed') {
    return tx.transitionOrder({ orderId: item.ref, from: ['FAILED'], to: 'FAILED', cause: HELD_PAID_OUT, at, patch: { paidOutAt: at } });
  }
  return tx.transitionCreditRepayment({ repaymentId: item.ref, from: ['MANUAL'], to: 'MANUAL', at, patch: { paidOutAt: at } });
}

/** The ledger transfer that records it: one per item, keyed by our number for it. */
export const HELD_PAID_OUT = 'held.paid-out';

/** Money WeChat took that no order or repayment booked, recorded as owed back when staff record its return. */
export const HELD_COLLECTED = 'held.collected';

/**
 * Money only at WeChat (never booked) that went back through WeChat: it came in and went out there, and nothing left
 * by the fund's own route. Both legs are recorded (as owed back, then refunded) so the WeChat clearing account follows
 * WeChat's bill, which shows the payment and its refund; returns the second, the pay-out that keys the record.
 */
async function backThroughWechat(tx: StoreOps, app: App, ref: string, amountFen: number, at: string): Promise<TransferInput> {
  await tx.postTransfer({
    transferId: app.ids('trf'), kind: HELD_COLLECTED, ref, at,
    legs: [{ account: accounts.channel('wechatpay'), amountFen: -amountFen }, { account: accounts.refundsPayable(), amountFen }],
  });
  return {
    transferId: app.ids('trf'), kind: HELD_PAID_OUT, ref, at,
    legs: [{ account: accounts.refundsPayable(), amountFen: -amountFen }, { account: accounts.channel('wechatpay'), amountFen }],
  };
}

/**
 * Fund staff record that an item of 待人工处理款项 was paid to its person by another route (a bank transfer from the
 * fund's account, cash at a counter, or back through WeChat). In one transaction: the money leaves the account holding
 * it for the `manual` channel, or WeChat's (backThroughWechat), the pay-out transfer's (kind, ref) key making a second
 * record, or a concurrent one, change nothing; the refund or repayment is marked paid out (it leaves the list, and the
 * person's own views say so), the audit trail names the staff member and the voucher, and the person is told.
 *
 * Not paid out here: money still on its way to the bank (the janitor would deliver it as well and it would go back
 * twice). Money WeChat gave no amount for is paid out at the amount staff found on WeChat's merchant platform (the
 * `amountFen` they submit, kept in the audit entry as theirs); any other item only at the amount it is listed with.
 */
export async function payOutHeld(app: App, caller: Caller, input: PayOutInput): Promise<{ notified: boolean }> {
  const item = await heldItem(app, input.ref);
  if (!item) throw new AppError('CONFLICT', '该笔款项已不在待处理列表中（可能已登记退还或已自动完成），请刷新后查看');
  if (item.kind === 'remittance-held') throw new AppError('CONFLICT', '该笔还款仍在转交银行，不能登记线下退还；请先与合作银行核实');
  if (!item.payable) throw new AppError('CONFLICT', '该笔款项暂不能登记线下退还，请刷新后查看');
  if (item.amountKnown && item.amountFen !== input.amountFen) throw new AppError('CONFLICT', `该笔款项应退 ${formatYuan(item.amountFen)}，与提交的金额不符，请刷新后核对`);
  // Only money still at WeChat can go back through WeChat (a refund WeChat could not pay once will not pay now).
  if (input.method === 'wechat-refund' && item.accountId !== null) throw new AppError('CONFLICT', '该笔款项已不在微信支付，不能按“微信原路退款”登记，请选择银行转账或现金');
  const amountFen = item.amountKnown ? item.amountFen : input.amountFen;
  const owner = await ownerOf(app, item.ref);
  // A typed amount becomes a ledger entry no one can correct: one above what was asked is a slip (399 typed as 39900)
  // far more often than WeChat taking more than its own order said.
  if (!item.amountKnown && owner && amountFen > owner.askedFen) {
    throw new AppError('CONFLICT', `核实的实付金额 ${formatYuan(amountFen)} 超过应付 ${formatYuan(owner.askedFen)}，请再次核对；确属多收的，请联系系统管理员处理`);
  }
  const at = isoInstant(app.clock);
  const voucherNo = input.voucherNo.trim();
  let recorded: boolean;
  try {
    recorded = await app.store.transaction(async (tx) => {
      const moved = await tx.postTransfer(input.method === 'wechat-refund' ? await backThroughWechat(tx, app, item.ref, amountFen, at) : {
        transferId: app.ids('trf'), kind: HELD_PAID_OUT, ref: item.ref, at,
        legs: [{ account: holdingAccount(item.kind), amountFen: -amountFen }, { account: accounts.channel('manual'), amountFen }],
      });
      if (moved === 'replayed') return false;
      const marked = await markPaidOut(tx, item, at);
      // Held states are final, so this cannot fail; if it did, nothing of this transaction may stand.
      if (!marked) throw new AppError('CONFLICT', '该笔款项的状态已变化，请刷新后查看');
      await tx.appendAudit({
        at, actor: caller.openid, action: HELD_PAID_OUT, subjectPersonId: owner?.personId ?? null,
        detail: { ref: item.ref, kind: item.kind, amountFen, amountFrom: item.amountKnown ? 'record' : 'staff', method: input.method, voucherNo },
      });
      if (owner) {
        const name = (await tx.getPerson(owner.personId))?.name ?? '';
        await noticeIn(tx, app, {
          personId: owner.personId, openid: owner.openid, kind: 'held.paid-out', ref: item.ref, title: '款项已退还',
          body: `${name} ${owner.what} ${formatYuan(amountFen)} 已由医保经办机构通过${METHOD_LABELS[input.method]}退还（凭证号 ${voucherNo}），请注意查收。如有疑问请到经办窗口咨询。`,
        });
      }
      return true;
    });
  } catch (error) {
    // The same item recorded meanwhile (with other legs), or the account short of it: the books decide, not this call.
    if (error instanceof LedgerRuleViolation) throw new AppError('CONFLICT', '该笔款项已登记退还，请勿重复登记');
    if (error instanceof InsufficientBalance) {
      log('error', 'held.paid-out-insufficient', { ref: item.ref, kind: item.kind, amountFen });
      throw new AppError('CONFLICT', '账户余额不足以退还该笔款项，账目需核实，请联系系统管理员');
    }
    throw error;
  }
  if (!recorded) throw new AppError('CONFLICT', '该笔款项已登记退还，请勿重复登记');
  log('info', 'held.paid-out', { ref: item.ref, kind: item.kind, amountFen, method: input.method });
  return { notified: owner !== null };
}
