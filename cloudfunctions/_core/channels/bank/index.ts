/** The partner bank channel adapter (entrusted debit, credit-enrollment advances, statements). */
export { createBankClient } from './client';
export type { BankClient, BankClientConfig } from './client';
export type { ChannelOutcome } from '../wechatpay/outcome';
export { bankNotificationReply, parseBankNotification, BANK_NOTIFICATION_FAILURE_MESSAGES } from './notification';
export type { BankEvent, BankNotificationFailureCode, BankNotificationOutcome } from './notification';
export { ensureLocalBankKeys, localBankClientKeys, localIdHashKey, LOCAL_BANK_KEYS_FILE } from './keys';
export type { LocalBankKeys } from './keys';
export { BANK_HEADERS, bankIdHash, buildBankSignatureMessage, signBankMessage } from './sign';
export type { SignedKind } from './sign';
export {
  BANK_MAX_CLOCK_SKEW_SECONDS,
  BANK_VERIFY_FAILURE_MESSAGES,
  createBankKeyRing,
  createMemoryNonceGuard,
  verifyBankMessage,
} from './verify';
export type { BankKeyRing, BankVerifyFailureCode, BankVerifyResult, HeaderBag, RememberNonce } from './verify';
export { summarizeStatementLines } from './statement';
export * from './schemas';
