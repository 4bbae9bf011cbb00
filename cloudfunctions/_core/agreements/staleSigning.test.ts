/**
 * A bank signing whose answer was lost stays SIGNING: the bank never notifies a contract it signed, and the batch walks
 * ACTIVE agreements only. The hourly timer settles such signings first, so the year is debited (or the signer told the
 * signing failed) without their opening 自动续缴 again. Real SQLite store, the in-process bank with its contract query
 * answered here.
 */
import type { Contract } from '../channels/bank';
import { fixedClock } from '../clock';
import { useBatchTestApp } from './batchTestApp';
import { runDeductionBatch } from './deductions';
import { settleStaleSignings } from './service';

const OPENID = 'o-signing';
const clock = fixedClock(Date.parse('2026-11-27T02:00:00Z'));
const batch = useBatchTestApp({ clock, openid: OPENID, agreementId: 'agr_active', env: { DEBIT_NOTICE_LEAD_HOURS: '0' } });

const contract = (no: string): Contract => ({
  contract_id: `C_${no}`, out_contract_no: no, state: 'ACTIVE', holder_name_masked: '*伟', account_no_masked: '6222***********0001',
  id_hash: 'x', max_amount_per_debit_fen: 100000, signed_at: '2026-11-01T08:00:01+08:00', terminated_at: null, terminated_by: null,
});

it('settles signings older than the settle age: signed ones are debited, ones the bank never saw are ended and told', async () => {
  const { store } = batch.app;
  const signing = async (agreementId: string, personId: string, at: string) => {
    await store.insertPerson({ ...(await store.getPerson('per_1'))!, personId, idHash: `hash_${personId}` });
    await store.insertAgreement({
      agreementId, kind: 'auto-renew', signerPersonId: 'per_1', signerOpenid: OPENID, personId, channel: 'bank',
      contractNo: `ctr_${agreementId}`, accountMasked: '6222***********0001', state: 'SIGNING', live: true, createdAt: at, updatedAt: at,
    });
  };
  await signing('agr_signed', 'per_2', '2026-11-01T00:00:00.000Z');
  await signing('agr_lost', 'per_3', '2026-11-01T00:00:00.000Z');
  // Its signing call may still be on its way: left alone.
  await signing('agr_fresh', 'per_4', '2026-11-27T01:59:50.000Z');
  batch.bank.client.queryContract = async (no) => (no === 'ctr_agr_lost'
    ? { kind: 'rejected', httpStatus: 404, code: 'NOT_FOUND', message: 'no such contract' }
    : { kind: 'ok', data: contract(no) });

  expect(await settleStaleSignings(batch.app, 1)).toEqual({ examined: 2, settled: 2 });
  expect((await store.getAgreement('agr_signed'))!.state).toBe('ACTIVE');
  expect((await store.getAgreement('agr_lost'))!.state).toBe('FAILED');
  expect((await store.getAgreement('agr_fresh'))!.state).toBe('SIGNING');
  expect((await store.listNotices(OPENID, 20)).filter((n) => n.kind === 'agreement.sign-failed').map((n) => n.ref)).toEqual(['agr_lost']);

  await runDeductionBatch(batch.app);
  expect((await store.listDebits('agr_signed', '2027')).map((d) => d.state)).toEqual(['SUCCESS']);
});
