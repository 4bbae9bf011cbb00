import type { ReconciliationInput } from '../../../shared/api/contract';
import type { z } from 'zod';
import type { App } from '../app';
import type { Caller } from '../caller';
import { isoInstant } from '../clock';
import { formatYuan, noticeIn } from '../agreements/notices';
import { AppError } from '../errors';
import { accounts } from '../ledger/accounts';
import { LedgerRuleViolation } from '../ledger/transfer';
import { log } from '../log';
import { HELD_PAID_OUT } from '../ledger/paidOut';
import { heldItem, holdingAccount } from './heldMoney';

type PayOutInput = Extract<z.infer<typeof ReconciliationInput>, { action: 'payOut' }>;

const METHOD_LABELS: Record<PayOutInput['method'], string> = { 'bank-transfer': '银行转账', cash: '现金' };

/** Whose money it was, and in what words the resident knew it, for the notice that it has been paid back. */
async function ownerOf(app: App, ref: string): Promise<{ personId: string; openid: string; what: string } | null> {
  const refund = await app.store.getRefund(ref);
  if (refund) return { personId: refund.personId, openid: refund.requestedBy, what: `${refund.benefitYear} 年度居民医保退费` };
  const repayment = await app.store.getCreditRepayment(ref);
  const advance = repayment ? await app.store.getCreditAdvance(repayment.advanceId) : null;
  return repayment && advance ? { personId: advance.personId, openid: repayment.requestedBy, what: `${advance.benefitYear} 年度银行代缴保费的微信还款` } : null;
}

/**
 * Fund staff record that an item of 待人工处理款项 was paid to its person by another route (a bank transfer from the
 * fund's account, cash at a counter). The money leaves the account holding it for the `manual` channel, once per
 * item: the transfer's (kind, ref) key makes a second record, or a second tap, change nothing. The person is told,
 * with the voucher, and the staff member's openid and the voucher are in the audit trail.
 *
 * Money still on its way to the bank (remittance-held) is not paid out here: the janitor is still sending it, and
 * paying it back as well would return it twice.
 */
export async function payOutHeld(app: App, caller: Caller, input: PayOutInput): Promise<void> {
  const item = await heldItem(app, input.ref);
  if (!item) throw new AppError('CONFLICT', '该笔款项已不在待处理列表中（可能已登记退还或已自动完成），请刷新后查看');
  if (item.kind === 'remittance-held') throw new AppError('CONFLICT', '该笔还款仍在转交银行，不能登记线下退还；请先与合作银行核实');
  if (item.amountFen !== input.amountFen) throw new AppError('CONFLICT', `该笔款项金额已变为 ${formatYuan(item.amountFen)}，请刷新后核对`);
  const owner = await ownerOf(app, item.ref);
  const at = isoInstant(app.clock);
  const voucherNo = input.voucherNo.trim();
  try {
    const recorded = await app.store.transaction(async (tx) => {
      const moved = await tx.postTransfer({
        transferId: app.ids('trf'), kind: HELD_PAID_OUT, ref: item.ref, at,
        legs: [{ account: holdingAccount(item.kind), amountFen: -item.amountFen }, { account: accounts.channel('manual'), amountFen: item.amountFen }],
      });
      if (moved === 'replayed') return false;
      await tx.appendAudit({
        at, actor: caller.openid, action: HELD_PAID_OUT, subjectPersonId: owner?.personId ?? null,
        detail: { ref: item.ref, kind: item.kind, amountFen: item.amountFen, method: input.method, voucherNo },
      });
      if (owner) {
        const name = (await tx.getPerson(owner.personId))?.name ?? '';
        await noticeIn(tx, app, {
          personId: owner.personId, openid: owner.openid, kind: 'held.paid-out', ref: item.ref, title: '款项已退还',
          body: `${name} ${owner.what} ${formatYuan(item.amountFen)} 已由医保经办机构通过${METHOD_LABELS[input.method]}退还（凭证号 ${voucherNo}），请注意查收。如有疑问请到经办窗口咨询。`,
        });
      }
      return true;
    });
    if (!recorded) throw new AppError('CONFLICT', '该笔款项已登记退还，请勿重复登记');
  } catch (error) {
    // The same item recorded meanwhile with another amount: the first record stands.
    if (error instanceof LedgerRuleViolation) throw new AppError('CONFLICT', '该笔款项已登记退还，请勿重复登记');
    throw error;
  }
  log('info', 'held.paid-out', { ref: item.ref, kind: item.kind, amountFen: item.amountFen, method: input.method });
}
