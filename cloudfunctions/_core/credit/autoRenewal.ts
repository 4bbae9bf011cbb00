/**
 * Credit enrollment beside auto-renewal. D16 (pilot §三(二)) is for "集中参保期结束前未缴费的" residents; D17
 * (pilot §三(四)) debits a resident's premium "在居民集中参保期结束前". Both inside one period for one year would pay
 * it twice over in intent: the bank advance pays now and the planned debit then finds the year paid ("本年度已缴费，
 * 无需扣款"), leaving a loan the resident never needed. So the credit page names the agreement and signing asks
 * for an explicit confirmation (service.ts sign). Read-only: the agreement's next debit is the agreements page's
 * own reading (agreements/nextDebit.ts), so both pages say the same.
 */
import { nextDebitOf } from '../agreements/nextDebit';
import type { App } from '../app';
import type { AgreementRow, PersonRow } from '../store/port';
import type { AutoRenewalConflict } from './contract';

const CHANNEL_LABELS: Record<AgreementRow['channel'], string> = { wechat: '微信自动续缴', bank: '银行卡自动续缴' };

/** Next-debit states in which the agreement will (or may yet) pay the year. */
const WILL_DEBIT = new Set(['scheduled', 'noticed', 'retrying', 'in-progress']);

/** The Chinese warning for one agreement that may still pay `benefitYear`. */
export function autoRenewalMessage(name: string, benefitYear: number, channelLabel: string, plannedDate: string | null): string {
  const when = plannedDate ? `计划于 ${plannedDate} 自动扣款` : '将在集中参保期结束前自动扣款';
  return `${name} 已签约${channelLabel}（生效中），${benefitYear} 年度保费${when}，一般无需再办理信用参保。如仍要由银行先行代缴，自动续缴本年度将不再扣款，代缴的保费须按时归还。`;
}

/**
 * The person's ACTIVE auto-renewal agreement whose debit for `benefitYear` is still possible, as a warning; none
 * when there is no such agreement. Whoever signed it (the person, a relative, another account): the store finds the
 * person's one live agreement by its key.
 */
export async function autoRenewalConflict(app: App, person: PersonRow, benefitYear: number): Promise<AutoRenewalConflict | undefined> {
  const agreement = await app.store.findLiveAgreement(person.personId, 'auto-renew');
  if (!agreement || agreement.state !== 'ACTIVE') return undefined;
  const next = await nextDebitOf(app, agreement);
  if (!next || next.benefitYear !== benefitYear || !WILL_DEBIT.has(next.status)) return undefined;
  const channelLabel = CHANNEL_LABELS[agreement.channel];
  return {
    agreementId: agreement.agreementId, channelLabel, plannedDate: next.plannedDate,
    message: autoRenewalMessage(person.name, benefitYear, channelLabel, next.plannedDate),
  };
}
