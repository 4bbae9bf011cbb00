import type { AgreementRow } from '../store/port';

/**
 * What an ended agreement means for the resident now, and why it ended: the cause its last move recorded
 * (service.ts, wechatContracts.ts). Every ended agreement says that nothing will be debited and how to be
 * covered instead; a cause we do not name keeps the general words (codes are never shown).
 */
const NO_DEBIT = '未开通自动续缴，也不会扣款。';
const SIGN_AGAIN = '可以重新签约。';
const STOPPED = '自动续缴已停止，不会再扣款。如需参保，可在“我的参保”中直接缴费，或重新签约。';
/** The cause an agreement ends with when its signer removes the relative it pays for (identity/service.ts). */
export const RELATIVE_REMOVED = 'user.relative-removed';

/** Causes by prefix, most specific first: `bank.rejected:<code>`, `wechat.notify:signer-mismatch`, ... */
const FAILED: [test: (cause: string) => boolean, note: string][] = [
  [(c) => c.endsWith(':signer-mismatch'), `完成签约的微信账号不是发起签约的账号，为保护资金安全${NO_DEBIT}请用发起签约的微信重新签约。`],
  [(c) => c === 'user.abandoned-signing', `签约在确认前已取消，${NO_DEBIT}${SIGN_AGAIN}`],
  [(c) => c === RELATIVE_REMOVED, `已移除该家人，签约随之取消，${NO_DEBIT}`],
  [(c) => c === 'bank.not-found', `银行没有收到签约申请，${NO_DEBIT}${SIGN_AGAIN}`],
  [(c) => c.startsWith('bank.rejected:'), `银行未接受签约申请，${NO_DEBIT}请核对户名和账号后重新签约。`],
  [(c) => c === 'wechat.sign-expired', `微信签约页面已超时关闭，${NO_DEBIT}${SIGN_AGAIN}`],
  [(c) => c.startsWith('wechat.rejected:'), `微信支付未接受签约申请，${NO_DEBIT}${SIGN_AGAIN}`],
];

/**
 * Ended by the channel: every cancellation that is not the resident's own in the app (`user.cancelled`) came from the
 * bank or WeChat (a notification or a query: `bank-notify:CONTRACT.TERMINATED:…`, `notify:PAPAY.CONTRACT.TERMINATED:…`,
 * `bank.query:…`, `wechat.query:…`), so the agreement's channel names where.
 */
const ENDED_IN_CHANNEL: Record<AgreementRow['channel'], string> = {
  bank: `银行通知代扣协议已解约（在银行办理，或由银行终止），${STOPPED}`,
  wechat: `已在微信支付中解除代扣协议，${STOPPED}`,
};

export function endNoteOf(a: Pick<AgreementRow, 'state' | 'endCause' | 'channel'>): string | undefined {
  const cause = a.endCause ?? '';
  if (a.state === 'FAILED') return FAILED.find(([test]) => test(cause))?.[1] ?? `签约未完成，${NO_DEBIT}${SIGN_AGAIN}`;
  if (a.state === 'CANCELLED' && cause === RELATIVE_REMOVED) return `已移除该家人，自动续缴随之解约，不会再扣款。`;
  if (a.state === 'CANCELLED') return cause === '' || cause === 'user.cancelled' ? STOPPED : ENDED_IN_CHANNEL[a.channel];
  return undefined;
}
