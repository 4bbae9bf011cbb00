/**
 * Ending an agreement on our side and in its channel: by the signer (解约 on the card), or because the signer may no
 * longer pay for the person (the relative was removed). Debits stop at once on our side; the channel is told (until
 * it confirms: contractEnds.ts), and its own notice of termination is honoured too.
 */
import type { App } from '../app';
import { isoInstant } from '../clock';
import type { AgreementRow } from '../store/port';
import { endContract, requestContractEndIn } from './contractEnds';

/**
 * A signing not finished (the resident said no on WeChat's page, or gave up on a bank answer that never came) ends as
 * 签约未成功, not 已解约: nothing was ever in force. Either way a contract that lands later is ended.
 */
export async function cancelAgreement(app: App, a: AgreementRow, cause: { abandoned: string; cancelled: string; note: string }): Promise<void> {
  const at = isoInstant(app.clock);
  const end = { channel: a.channel, contractNo: a.contractNo, ownerRef: a.agreementId, note: cause.note };
  await app.store.transaction(async (tx) => {
    if (!(await tx.transitionAgreement({ agreementId: a.agreementId, from: ['SIGNING'], to: 'FAILED', cause: cause.abandoned, at }))) {
      await tx.transitionAgreement({ agreementId: a.agreementId, from: ['ACTIVE', 'PAUSED'], to: 'CANCELLED', cause: cause.cancelled, at });
    }
    await requestContractEndIn(tx, app, end);
  });
  await endContract(app, end);
}
