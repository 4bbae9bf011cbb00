/**
 * Why a debit failed, in words a resident understands. Our debits record the channel's answer as
 * `failed:<fail_code>` or `rejected:<error code>`; the codes are the bank's (simulators/bank/README.md), WeChat's
 * 委托代扣 codes being mapped onto them (debitChannels.ts), plus the refusals either channel answers with.
 * A code we do not know is not shown to the resident (it stays in the debit row and the logs).
 */
const REASONS: Record<string, string> = {
  INSUFFICIENT_FUNDS: '账户余额不足',
  CONTRACT_INACTIVE: '代扣协议未生效或已解约',
  CONTRACT_TERMINATED: '代扣协议已解约',
  OUTSIDE_HOURS: '不在银行允许的扣款时段内',
  AMOUNT_OVER_LIMIT: '扣款金额超过协议约定的单笔上限',
  // Ended by our own query: the request never reached the bank (deductions.ts NOT_AT_CHANNEL), so nothing was taken.
  'not-at-channel': '扣款请求未送达银行，未扣款，将重新发起',
};

const UNEXPLAINED = '扣款渠道未说明原因';

export function debitFailureReason(failure: string | null): string {
  const code = (failure ?? '').replace(/^\w+:/, '');
  return REASONS[code] ?? UNEXPLAINED;
}
