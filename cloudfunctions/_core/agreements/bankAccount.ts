import { createHmac } from 'node:crypto';
import type { App } from '../app';

/**
 * How a bank account reaches the bank and our store: never its number. Auto-renewal and savings plans both
 * sign with this token, so one account is one account at the bank whichever feature signed it; the masked form
 * keeps the first and last four digits.
 */
export function bankAccountToken(app: App, accountNo: string): string {
  return bankAccountTokenWith(app.pii.hashKey, accountNo);
}

/** The same token from the ID-hash key alone (tests of a running runtime read it from its data folder). */
export function bankAccountTokenWith(hashKey: Buffer, accountNo: string): string {
  return `acct_${createHmac('sha256', hashKey).update(`bank-account:${accountNo}`).digest('hex').slice(0, 32)}`;
}

export function maskBankAccount(accountNo: string): string {
  return `${accountNo.slice(0, 4)}${'*'.repeat(accountNo.length - 8)}${accountNo.slice(-4)}`;
}
