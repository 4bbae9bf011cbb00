import { endNoteOf } from './endNotes';

describe('an ended agreement says why it ended', () => {
  it.each([
    ['FAILED', 'bank.rejected:INVALID_ACCOUNT', '银行未接受签约申请，未开通自动续缴，也不会扣款。请核对户名和账号后重新签约。'],
    ['FAILED', 'bank.not-found', '银行没有收到签约申请，未开通自动续缴，也不会扣款。可以重新签约。'],
    ['FAILED', 'user.abandoned-signing', '签约在确认前已取消，未开通自动续缴，也不会扣款。可以重新签约。'],
    ['FAILED', 'wechat.notify:signer-mismatch', '完成签约的微信账号不是发起签约的账号，为保护资金安全未开通自动续缴，也不会扣款。请用发起签约的微信重新签约。'],
    ['FAILED', 'wechat.sign-expired', '微信签约页面已超时关闭，未开通自动续缴，也不会扣款。可以重新签约。'],
    ['FAILED', 'wechat.rejected:PARAM_ERROR', '微信支付未接受签约申请，未开通自动续缴，也不会扣款。可以重新签约。'],
    ['FAILED', 'user.relative-removed', '已移除该家人，签约随之取消，未开通自动续缴，也不会扣款。'],
    ['FAILED', undefined, '签约未完成，未开通自动续缴，也不会扣款。可以重新签约。'],
  ] as const)('%s after %s', (state, endCause, note) => {
    expect(endNoteOf({ state, channel: 'bank', ...(endCause ? { endCause } : {}) })).toBe(note);
  });

  // The causes the code records (notifications.ts, papayNotifications.ts, service.ts, wechatContracts.ts).
  it.each([
    ['bank', 'user.cancelled', '自动续缴已停止，不会再扣款。如需参保，可在“我的参保”中直接缴费，或重新签约。'],
    ['bank', 'bank-notify:CONTRACT.TERMINATED:TERMINATED', '银行通知代扣协议已解约（在银行办理，或由银行终止），自动续缴已停止，不会再扣款。如需参保，可在“我的参保”中直接缴费，或重新签约。'],
    ['bank', 'bank.query:TERMINATED', '银行通知代扣协议已解约（在银行办理，或由银行终止），自动续缴已停止，不会再扣款。如需参保，可在“我的参保”中直接缴费，或重新签约。'],
    ['wechat', 'notify:PAPAY.CONTRACT.TERMINATED:USER', '已在微信支付中解除代扣协议，自动续缴已停止，不会再扣款。如需参保，可在“我的参保”中直接缴费，或重新签约。'],
    ['wechat', 'wechat.query:USER', '已在微信支付中解除代扣协议，自动续缴已停止，不会再扣款。如需参保，可在“我的参保”中直接缴费，或重新签约。'],
    ['bank', 'user.relative-removed', '已移除该家人，自动续缴随之解约，不会再扣款。'],
  ] as const)('a %s agreement CANCELLED after %s', (channel, endCause, note) => {
    expect(endNoteOf({ state: 'CANCELLED', channel, endCause })).toBe(note);
  });

  it('says nothing while the agreement lives', () => {
    for (const state of ['SIGNING', 'ACTIVE', 'PAUSED'] as const) expect(endNoteOf({ state, channel: 'bank' })).toBeUndefined();
  });
});
