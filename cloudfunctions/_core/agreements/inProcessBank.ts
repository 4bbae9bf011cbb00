import { createHmac } from 'node:crypto';
import type { BankClient, Debit } from '../channels/bank';
import type { ChannelOutcome } from '../channels/wechatpay';
import type { BankChannel } from './bankChannel';

/**
 * A bank that lives in this process: entrusted debits answered at once from a map, for the deduction
 * benchmark ("the in-process channel") and unit tests of the batch. It keeps every debit it accepted, so a
 * caller can check one-to-one against the ledger. Only the calls the batch makes are implemented.
 */
export interface InProcessBank extends BankChannel {
  debits: Map<string, Debit>;
}

export function inProcessBank(now: () => Date = () => new Date()): InProcessBank {
  const debits = new Map<string, Debit>();
  const unsupported = async (): Promise<never> => {
    throw new Error('not implemented by the in-process bank');
  };
  const debit: BankClient['debit'] = async (input) => {
    const existing = debits.get(input.out_debit_no);
    if (existing) return { kind: 'ok', data: existing };
    const at = now().toISOString().replace('Z', '+00:00').replace(/\.\d{3}/, '');
    const record: Debit = {
      debit_id: `D${debits.size + 1}`, out_debit_no: input.out_debit_no, out_contract_no: input.out_contract_no, amount_fen: input.amount_fen,
      state: 'SUCCESS', fail_code: null, fail_message: null, created_at: at, finished_at: at,
    };
    debits.set(input.out_debit_no, record);
    return { kind: 'ok', data: record };
  };
  const queryDebit: BankClient['queryDebit'] = async (no): Promise<ChannelOutcome<Debit>> => {
    const found = debits.get(no);
    return found ? { kind: 'ok', data: found } : { kind: 'rejected', httpStatus: 404, code: 'NOT_FOUND', message: 'no such debit' };
  };
  const client = {
    signContract: unsupported, queryContract: unsupported, terminateContract: unsupported, debit, queryDebit,
    advance: unsupported, queryAdvance: unsupported, repay: unsupported, statement: unsupported, parseNotification: unsupported,
  } as unknown as BankClient;
  return { client, debits, idHash: (id) => createHmac('sha256', 'in-process').update(id).digest('hex') };
}
