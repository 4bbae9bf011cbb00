import type { AgreementView, NextDebit } from '@shared/api/contract';
import type { StatusTone } from '../../../components/StatusTag';
import { formatFen } from '../../../lib/money';
import { shanghaiDateTime } from '../../../lib/today';

export const AGREEMENT_TONES: Record<AgreementView['state'], StatusTone> = {
  ACTIVE: 'success',
  PAUSED: 'warning',
  SIGNING: 'info',
  CANCELLED: 'default',
  FAILED: 'default',
};

/** How the money is taken, in one line: "银行账户 6222***3445" or "微信支付 委托代扣". */
export function channelText(agreement: AgreementView): string {
  return agreement.channel === 'wechat' ? '微信支付 委托代扣' : `银行账户 ${agreement.accountMasked}`;
}

/** The notice line under the next debit: sent (when), or when it will be sent. */
export function noticeText(next: NextDebit): string | null {
  if (next.noticeSentAt) return `扣款提醒已于 ${shanghaiDateTime(next.noticeSentAt)} 发送`;
  if (next.status === 'scheduled') return '扣款前会先发送扣款提醒';
  return null;
}

export function amountText(next: NextDebit): string {
  return next.amountFen === null ? '—' : formatFen(next.amountFen);
}

/** States the resident may still change: pause, resume or cancel (the server refuses the rest anyway). */
export function actionsFor(state: AgreementView['state']): Array<'pause' | 'resume' | 'cancel'> {
  if (state === 'ACTIVE') return ['pause', 'cancel'];
  if (state === 'PAUSED') return ['resume', 'cancel'];
  if (state === 'SIGNING') return ['cancel'];
  return [];
}
