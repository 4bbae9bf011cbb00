/**
 * D17 (pilot §三(四)): a failed auto-renewal debit is retried "until the last day" of the concentrated period. With
 * a retry every third day, a failure on 12-29 would next be tried on 01-01, after the period: the last day gets a
 * try of its own. The batch runs on an injected clock against the in-process bank, whose first answer is a refusal.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Debit } from '../channels/bank';
import { type App, createApp } from '../app';
import { fixedClock } from '../clock';
import { person } from '../store/contract';
import { useBankChannel } from './bankChannel';
import { runDeductionBatch } from './deductions';
import { inProcessBank } from './inProcessBank';

const DAY_MS = 24 * 3600_000;
const OPENID = 'o-last-day';
const dir = mkdtempSync(join(tmpdir(), 'last-day-'));
// 2026-12-29 10:00 in Hefei: three days before the 2027 period closes on 12-31.
const clock = fixedClock(Date.parse('2026-12-29T02:00:00Z'));
const saved = { ...process.env };
let app: App;

beforeAll(async () => {
  Object.assign(process.env, { LOG_LEVEL: 'silent', DEBIT_NOTICE_LEAD_HOURS: '0', DEBIT_RETRY_INTERVAL_HOURS: '72', BANK_DEBIT_HOURS: '00-24' });
  app = await createApp({ RUNTIME: 'local', STORE: 'sqlite', DATA_DIR: dir }, { clock });
  const bank = inProcessBank(() => new Date(clock.nowMs()));
  const pays = bank.client.debit;
  let refusals = 1;
  bank.client.debit = async (input) => {
    if (refusals-- <= 0) return pays(input);
    const at = new Date(clock.nowMs()).toISOString();
    const failed: Debit = {
      debit_id: 'D-refused', out_debit_no: input.out_debit_no, out_contract_no: input.out_contract_no, amount_fen: input.amount_fen,
      state: 'FAILED', fail_code: 'INSUFFICIENT_FUNDS', fail_message: '余额不足', created_at: at, finished_at: at,
    };
    return { kind: 'ok', data: failed };
  };
  useBankChannel(app, bank);
  await app.store.insertPerson(person(1));
  await app.store.insertAgreement({
    agreementId: 'agr_l1', kind: 'auto-renew', signerPersonId: 'per_1', signerOpenid: OPENID, personId: 'per_1', channel: 'bank', contractNo: 'ctr_l1',
    accountMasked: '6222***********0001', state: 'ACTIVE', live: true, createdAt: '2026-11-01T00:00:00.000Z', updatedAt: '2026-11-01T00:00:00.000Z',
  });
});

afterAll(async () => {
  await app.store.close();
  process.env = saved;
  rmSync(dir, { recursive: true, force: true });
});

it('a debit refused on 12-29 is tried again on the last day, not after the period', async () => {
  expect((await runDeductionBatch(app)).outcomes).toEqual({ 'debit-failed': 1 });
  const [failed] = (await app.store.listNotices(OPENID, 10)).filter((n) => n.kind === 'debit.failed');
  expect(failed.body).toContain('我们会于 2026-12-31 再次尝试');

  clock.advance(DAY_MS); // 12-30: still inside the interval
  expect((await runDeductionBatch(app)).outcomes).toEqual({ 'waiting-retry': 1 });

  clock.advance(DAY_MS); // 12-31: the period's last day
  expect((await runDeductionBatch(app)).outcomes).toEqual({ paid: 1 });
});
