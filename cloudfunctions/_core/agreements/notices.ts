import type { App } from '../app';
import { isoInstant } from '../clock';
import type { AgreementRow, NoticeRow, StoreOps } from '../store/port';

export type NewNotice = Omit<NoticeRow, 'noticeId' | 'createdAt'>;

/**
 * In-app notices (站内消息), shaped so a WeChat subscribe message can carry the same fields. A notice with the
 * same (kind, ref) is stored once, so a batch that runs again never notifies twice. Written inside the caller's
 * transaction (`tx`), it lands with the change it tells about.
 */
export function noticeIn(tx: StoreOps, app: App, n: NewNotice): Promise<boolean> {
  return tx.insertNotice({ ...n, noticeId: app.ids('ntc'), createdAt: isoInstant(app.clock) });
}

/** A notice outside any transaction. */
export function notify(app: App, n: NewNotice): Promise<boolean> {
  return noticeIn(app.store, app, n);
}

/** Where the money comes from, in the words of a notice. */
export function debitSourceText(agreement: Pick<AgreementRow, 'channel' | 'accountMasked'>): string {
  return agreement.channel === 'wechat' ? '通过微信支付委托代扣' : `从尾号 ${agreement.accountMasked.slice(-4)} 的银行账户`;
}

export function formatYuan(fen: number): string {
  return `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}元`;
}

/**
 * The agreement was ended in the channel (at the bank's counter, in WeChat's 支付设置), not in the app: the signer is
 * told that no further debit will be made, so an earlier reminder is not left standing. Once per agreement.
 */
export async function notifyEndedInChannel(app: App, agreement: AgreementRow): Promise<void> {
  const person = await app.store.getPerson(agreement.personId);
  const where = agreement.channel === 'wechat' ? '在微信支付中' : '在银行';
  await notify(app, {
    personId: agreement.personId, openid: agreement.signerOpenid, kind: 'agreement.ended', ref: agreement.agreementId, title: '自动续缴已解约',
    body: `您为 ${person?.name ?? ''} 签约的医保自动续缴已${where}解约，之后不会再自动扣款。如需参保，请在小程序中直接缴费或重新签约。`,
  });
}
