import { z } from 'zod';
import { AgreementViewSchema, type AgreementView } from '@shared/api/contract';
import { checkedCall } from '../../../lib/checkedCall';

const ListOutput = z.object({ agreements: z.array(AgreementViewSchema) });
const OneOutput = z.object({ agreement: AgreementViewSchema });

/** A notice as the `notices` function answers (cloudfunctions/notices/index.ts). */
export const NoticeSchema = z.object({ noticeId: z.string(), kind: z.string(), title: z.string(), body: z.string(), createdAt: z.string() });
export type Notice = z.infer<typeof NoticeSchema>;
const NoticesOutput = z.object({ notices: z.array(NoticeSchema) });

export interface BankAccountFields {
  holderName: string;
  accountNo: string;
}

export type SignRequest = { personId: string; channel: 'bank'; bankAccount: BankAccountFields } | { personId: string; channel: 'wechat' };

/** The agreement pages' calls (自动续缴 and 消息), answers checked against the shared contract. */
export const agreementsApi = {
  list: () => checkedCall('agreements', { action: 'list' }, ListOutput),
  sign: (request: SignRequest) => checkedCall('agreements', { action: 'sign', ...request }, OneOutput),
  pause: (agreementId: string) => checkedCall('agreements', { action: 'pause', agreementId }, OneOutput),
  resume: (agreementId: string) => checkedCall('agreements', { action: 'resume', agreementId }, OneOutput),
  cancel: (agreementId: string) => checkedCall('agreements', { action: 'cancel', agreementId }, OneOutput),
  notices: () => checkedCall('notices', { action: 'list' }, NoticesOutput),
};

export type { AgreementView };
