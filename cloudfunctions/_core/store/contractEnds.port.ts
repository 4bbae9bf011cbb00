/**
 * The store operations of contract ends, merged into StoreOps (port.ts): our requests that a channel end an
 * entrusted-debit contract (an auto-renewal cancelled by the resident, a savings plan ended, a WeChat contract
 * signed for an agreement we had already given up). Like every other call that moves or stops money, the request
 * is stored before the call and stays open until the channel confirms it, so a timeout or a crash between
 * "cancelled here" and "ended there" is settled by the janitor instead of being forgotten in a log line.
 */

export type ContractChannel = 'bank' | 'wechat';

export interface ContractEndRow {
  channel: ContractChannel;
  /** Our contract number at the channel (bank out_contract_no, WeChat out_contract_code). */
  contractNo: string;
  /** What the contract was for, in logs and for staff: an agreement id or a savings plan id. */
  ownerRef: string;
  /** The reason the channel is given (it shows it to the account holder). */
  note: string;
  requestedAt: string;
  attempts: number;
  lastResult: string | null;
  /** When the channel confirmed the contract no longer stands; null while the request is open. */
  confirmedAt: string | null;
}

export interface ContractEndStoreOps {
  /** Stores the request once per (channel, contract); false when it was already there (its state unchanged). */
  requestContractEnd(row: ContractEndRow): Promise<boolean>;
  getContractEnd(channel: ContractChannel, contractNo: string): Promise<ContractEndRow | null>;
  /** One more attempt and what it gave; `confirmedAt` closes the request (a closed one stays closed). */
  recordContractEndAttempt(t: { channel: ContractChannel; contractNo: string; result: string; confirmedAt: string | null }): Promise<void>;
  /** Open requests, oldest first: what the janitor asks the channels about again. */
  listOpenContractEnds(limit: number): Promise<ContractEndRow[]>;
}

/** Writes of the feature: the root stores run each in a transaction (or behind the write lock). */
export const CONTRACT_END_WRITES = ['requestContractEnd', 'recordContractEndAttempt'] as const;
