import type { App } from '../app';
import type { Debit, DebitFailCode } from '../channels/bank';
import type { ChannelOutcome, PapayTransaction } from '../channels/wechatpay';
import { isoInstant } from '../clock';
import type { AgreementRow } from '../store/port';
import { bank, bankNotifyUrl } from './bankChannel';
import { papay, papayNotifyUrl } from './wechatChannel';

/**
 * One scheduled debit under an agreement, whichever channel the agreement was signed with. The deduction batch
 * speaks the bank's Debit shape (its state machine and applyDebitAnswer were written for it); a WeChat Pay
 * 委托代扣 debit is mapped into the same shape, so one batch and one settle loop serve both channels. The
 * debit id is stored before either call and is the channel's out_debit_no / out_trade_no.
 */
export interface DebitRequest {
  out_debit_no: string;
  /** The agreement's contract number (bank out_contract_no, WeChat out_contract_code). */
  contractNo: string;
  amount_fen: number;
  description: string;
}

export interface DebitChannel {
  debit(req: DebitRequest): Promise<ChannelOutcome<Debit>>;
  /** What the channel knows of a debit; 404 (rejected) when it never received it. */
  queryDebit(debitId: string): Promise<ChannelOutcome<Debit>>;
}

/** Papay failure codes in the bank's terms; an unmapped code keeps its name in fail_message. */
const PAPAY_FAIL_CODES: Record<string, DebitFailCode> = {
  NOTENOUGH: 'INSUFFICIENT_FUNDS',
  CONTRACT_NOT_EXIST: 'CONTRACT_INACTIVE',
  CONTRACT_TERMINATED: 'CONTRACT_INACTIVE',
  EXCEED_LIMIT: 'AMOUNT_OVER_LIMIT',
};

/** A papay debit (query answer or callback resource) as the batch's Debit. */
export function papayDebit(t: PapayTransaction, contractNo: string, nowIso: string): Debit {
  const failed = t.trade_state === 'PAY_FAIL';
  return {
    debit_id: t.transaction_id ?? t.out_trade_no,
    out_debit_no: t.out_trade_no,
    out_contract_no: contractNo,
    amount_fen: t.amount.total,
    state: t.trade_state === 'SUCCESS' ? 'SUCCESS' : failed ? 'FAILED' : 'PROCESSING',
    fail_code: failed ? (PAPAY_FAIL_CODES[t.fail_code ?? ''] ?? null) : null,
    fail_message: failed ? `${t.fail_code ?? 'PAY_FAIL'}${t.trade_state_desc ? ` ${t.trade_state_desc}` : ''}` : null,
    created_at: t.create_time ?? nowIso,
    finished_at: t.success_time ?? null,
  };
}

function bankDebits(app: App): DebitChannel {
  return {
    // bank(app) is looked up per call, so a test's in-process bank (useBankChannel) is the one used.
    debit: (req) =>
      bank(app).client.debit({ out_debit_no: req.out_debit_no, out_contract_no: req.contractNo, amount_fen: req.amount_fen, description: req.description, notify_url: bankNotifyUrl() }),
    queryDebit: (debitId) => bank(app).client.queryDebit(debitId),
  };
}

function wechatDebits(app: App): DebitChannel {
  const now = () => isoInstant(app.clock);
  return {
    async debit(req) {
      const channel = papay(app);
      // 受理扣款 names the contract by WeChat's id, which we learn by asking about our own code. Nothing has been
      // debited when this question fails, so its outcome is the debit's: a lost answer leaves the debit to be
      // settled by query (WeChat will not know it: ended, retried later), a refusal fails this attempt.
      const contract = await channel.client.papayQueryContract(channel.planId, req.contractNo);
      if (contract.kind !== 'ok') return contract;
      if (contract.data.contract_state !== 'ENTRUSTED') {
        return { kind: 'rejected', httpStatus: 400, code: 'CONTRACT_TERMINATED', message: '委托代扣协议已解约' };
      }
      const accepted = await channel.client.papayApply({
        out_trade_no: req.out_debit_no,
        description: req.description,
        transaction_notify_url: papayNotifyUrl(),
        contract_id: contract.data.contract_id,
        amount: { total: req.amount_fen, currency: 'CNY' },
      });
      if (accepted.kind !== 'ok') return accepted;
      const at = now();
      return {
        kind: 'ok',
        data: {
          debit_id: req.out_debit_no, out_debit_no: req.out_debit_no, out_contract_no: req.contractNo, amount_fen: req.amount_fen,
          state: 'PROCESSING', fail_code: null, fail_message: null, created_at: at, finished_at: null,
        },
      };
    },

    async queryDebit(debitId) {
      const answer = await papay(app).client.papayQueryTransaction(debitId);
      if (answer.kind !== 'ok') return answer;
      const debit = await app.store.getDebit(debitId);
      const agreement = debit ? await app.store.getAgreement(debit.agreementId) : null;
      return { kind: 'ok', data: papayDebit(answer.data, agreement?.contractNo ?? answer.data.contract_id, now()) };
    },
  };
}

export function debitChannelFor(app: App, channel: AgreementRow['channel']): DebitChannel {
  return channel === 'wechat' ? wechatDebits(app) : bankDebits(app);
}
