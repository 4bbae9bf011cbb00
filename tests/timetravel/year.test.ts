/**
 * A year of enrollment, walked day by day with an injected clock: the 2027 concentrated period opens (2026-10-20),
 * auto-renewals notice, debit and retry until its last day, people who did not pay sign credit enrollment before it
 * closes (D16: the rules engine allows signing within the period), reminders go out before the due date, the due
 * date passes, benefits are suspended, and a repayment restores them the next day. In-process: the App on an injected
 * clock, the bank simulator with its business clock moved along (signatures stay on the wall clock on both sides),
 * and a tiny HTTP server standing in for our notify endpoint, whose captured callbacks the test hands to the real
 * handler.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp, type App } from '../../cloudfunctions/_core/app';
import { bank, localBankKeysDir } from '../../cloudfunctions/_core/agreements/bankChannel';
import { runDeductionBatch } from '../../cloudfunctions/_core/agreements/deductions';
import { handleBankNotification } from '../../cloudfunctions/_core/agreements/notifications';
import { agreements } from '../../cloudfunctions/_core/agreements/service';
import { fixedClock } from '../../cloudfunctions/_core/clock';
import { readConfig } from '../../cloudfunctions/_core/config';
import { runCreditReminders } from '../../cloudfunctions/_core/credit/reminders';
import { credit } from '../../cloudfunctions/_core/credit/service';
import { benefitStatusFor } from '../../cloudfunctions/_core/credit/status';
import type { CreditAdvanceView, CreditEligibilityView } from '../../cloudfunctions/_core/credit/contract';
import { seedDemo } from '../../cloudfunctions/_core/demo/seed';
import { AppError } from '../../cloudfunctions/_core/errors';
import { bindIdentity, relatives } from '../../cloudfunctions/_core/identity/service';
import { accounts } from '../../cloudfunctions/_core/ledger/accounts';
import { coverage } from '../../cloudfunctions/_core/coverage/service';
import { requestRefund } from '../../cloudfunctions/_core/payments/refunds';
import { getPayment, startPayment } from '../../cloudfunctions/_core/payments/service';
import { startBankSimulator, type BankSimulator } from '../../simulators/bank/server';
import { dates } from '../../shared/policy';

jest.setTimeout(180_000);

const HOUR_MS = 3600_000;
/** Asia/Shanghai wall time → epoch ms (UTC+8, no daylight saving). */
const at = (date: string, time = '10:15') => Date.parse(`${date}T${time}:00+08:00`);
const yuan = (fen: number) => `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}元`;

interface Captured {
  headers: Record<string, string>;
  body: string;
  eventType: string;
  subject: string;
  applied: boolean;
}

const dir = mkdtempSync(join(tmpdir(), 'timetravel-'));
const clock = fixedClock(at('2026-10-20', '09:00'));
const captured: Captured[] = [];
let notifyServer: Server;
let sim: BankSimulator;
let app: App;

function startNotifyCapture(): Promise<Server> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const parsed = JSON.parse(body) as { event_type: string; resource: { out_advance_no?: string; out_debit_no?: string } };
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers as IncomingHttpHeaders)) if (typeof v === 'string') headers[k] = v;
      captured.push({ headers, body, eventType: parsed.event_type, subject: parsed.resource.out_advance_no ?? parsed.resource.out_debit_no ?? '', applied: false });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"code":"SUCCESS"}');
    });
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok(server)));
}

async function simPost(path: string, body: unknown): Promise<unknown> {
  const res = await fetch(`${sim.baseUrl}/sim${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return res.json();
}
async function simRecords(): Promise<any> {
  return (await fetch(`${sim.baseUrl}/sim/records`)).json();
}

/** Moves both clocks: ours, and the bank's business clock (which also makes the bank look for overdue advances). */
function travelTo(ms: number): void {
  clock.set(ms);
  sim.setClock(new Date(ms));
}

/** Waits for the bank's notification about `subject`, then hands it to our notify handler as the gateway would. */
async function deliver(eventType: string, subject: string): Promise<number> {
  for (let i = 0; i < 100; i += 1) {
    const found = captured.find((c) => !c.applied && c.eventType === eventType && c.subject === subject);
    if (found) {
      found.applied = true;
      const answer = await handleBankNotification(app, { httpMethod: 'POST', path: '/api/notify/bank', headers: found.headers, body: found.body, isBase64Encoded: false });
      return answer.statusCode;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no ${eventType} for ${subject} arrived`);
}

const caller = (openid: string) => ({ openid });
const personIds: Record<string, string> = {};

async function bind(openid: string, name: string, idNumber: string): Promise<void> {
  personIds[name] = (await bindIdentity(app, caller(openid), { name, idNumber })).person.personId;
}

async function statusOn(openid: string, name: string, date: string) {
  return benefitStatusFor(app, caller(openid), { personId: personIds[name], date });
}

async function refusal(work: Promise<unknown>): Promise<AppError> {
  try {
    await work;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

async function advanceOf(openid: string, name: string): Promise<CreditAdvanceView> {
  const listed = (await credit(app, caller(openid), { action: 'list' })) as { advances: CreditAdvanceView[] };
  return listed.advances.find((a) => a.personId === personIds[name] && a.benefitYear === 2027)!;
}

beforeAll(async () => {
  notifyServer = await startNotifyCapture();
  Object.assign(process.env, {
    RUNTIME: 'local', STORE: 'sqlite', DATA_DIR: dir, LOG_LEVEL: process.env.TT_LOG ?? 'silent',
    PUBLIC_BASE_URL: `http://127.0.0.1:${(notifyServer.address() as AddressInfo).port}`,
    // The notice goes out a day before the first debit; a failed debit is retried on the next day's run.
    DEBIT_NOTICE_LEAD_HOURS: '24', DEBIT_RETRY_INTERVAL_HOURS: '20', DEBIT_MAX_ATTEMPTS: '100', BANK_DEBIT_HOURS: '06-22',
    DEBIT_SETTLE_MIN_AGE_SECONDS: '0', CREDIT_SETTLE_MIN_AGE_SECONDS: '0', CREDIT_REMINDER_DAYS: '7,1',
  });
  delete process.env.DEV_TODAY;
  sim = await startBankSimulator({
    port: 0, keysDir: localBankKeysDir(dir), dataDir: join(dir, 'bank-sim'),
    // Signatures run on the wall clock on both sides; the bank's business clock follows ours through setClock.
    callbackRetryDelaysMs: [200, 500], overdueScanMs: 60_000,
  });
  process.env.BANK_BASE_URL = sim.baseUrl;
  app = await createApp(readConfig(process.env), { clock });
  await seedDemo(app);
  await bind('tt-sunli', '孙丽', '340104198004093220');
  await bind('tt-qianjin', '钱进', '340104198808081735');
  await bind('tt-fengqiang', '冯强', '34010419950228215X');
  await bind('tt-chenchen', '陈晨', '340104199812120842');
  await bind('tt-chutao', '褚涛', '340104199207073398');
  // 李娜 is in the demo household of 张伟 (openid demo-resident), a verified spouse: he acts for her.
  const lina = (await app.store.listLinks((await app.store.getAccount('demo-resident'))!.personId!)).find((l) => l.relation === 'spouse')!;
  personIds['李娜'] = lina.relativePersonId;
});

afterAll(async () => {
  await sim?.close();
  await new Promise((r) => notifyServer?.close(r));
  await app?.store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('a year of enrollment with an injected clock', () => {
  it('2026-10-20: the period opens; two residents sign auto-renewals and get the notice first, no debit yet', async () => {
    travelTo(at('2026-10-20'));
    await agreements(app, caller('tt-sunli'), { action: 'sign', personId: personIds['孙丽'], bankAccount: { holderName: '孙丽', accountNo: '6222020200111110001' } });
    await agreements(app, caller('tt-qianjin'), { action: 'sign', personId: personIds['钱进'], bankAccount: { holderName: '钱进', accountNo: '6222020200111110002' } });
    const contract = (await simRecords()).contracts.find((c: { account_no_masked: string }) => c.account_no_masked.endsWith('0002'));
    await simPost('/accounts', { account_token: contract.account_token, balance_fen: 0 });

    const report = await runDeductionBatch(app);
    expect(report.benefitYear).toBe(2027);
    expect(report.outcomes).toEqual({ noticed: 2 });
    expect((await app.store.listNotices('tt-sunli', 10)).map((n) => n.kind)).toEqual(['debit.upcoming']);
    // The rules allow credit enrollment throughout the period; nobody needs it yet.
    const early = (await credit(app, caller('tt-fengqiang'), { action: 'eligibility', personId: personIds['冯强'], benefitYear: 2027 })) as { eligibility: CreditEligibilityView };
    expect(early.eligibility).toMatchObject({ eligible: true, dueDate: '2026-12-20' });
  });

  it('from 10-21 the batch debits: one pays, the empty account fails and is retried every day until 12-31', async () => {
    travelTo(at('2026-10-21'));
    const first = await runDeductionBatch(app);
    expect(first.outcomes).toEqual({ paid: 1, 'debit-failed': 1 });
    expect((await statusOn('tt-sunli', '孙丽', '2027-01-05')).status).toBe('active');
    // Each is told in words: whose premium, the reason (not the bank's code), and what happens next.
    const [paidNotice] = (await app.store.listNotices('tt-sunli', 10)).filter((n) => n.kind === 'debit.succeeded');
    expect(paidNotice.body).toBe('已从尾号 0001 的银行账户扣缴 孙丽 2027 年度居民医保费 400.00元，2027 年度参保成功。');
    const [failedNotice] = (await app.store.listNotices('tt-qianjin', 10)).filter((n) => n.kind === 'debit.failed');
    expect(failedNotice.body).toBe('从尾号 0002 的银行账户扣缴 钱进 2027 年度居民医保费 400.00元 未成功：账户余额不足。我们会于 2026-10-22 再次尝试（自动扣款截至 2026-12-31 集中参保期结束），也可以在小程序中直接缴费。');

    let failures = 1;
    for (let day = '2026-10-22'; day <= '2026-12-31'; day = dates.addDays(day, 1)) {
      travelTo(at(day));
      const report = await runDeductionBatch(app);
      expect(report.outcomes['enrolled-already']).toBe(1);
      failures += report.outcomes['debit-failed'] ?? 0;
    }
    // One attempt a day, 10-21 through the period's last day.
    expect(failures).toBe(dates.daysBetween('2026-10-21', '2026-12-31') + 1);
    const agreementId = (await app.store.listAgreementsSignedBy(personIds['钱进']))[0].agreementId;
    const debits = await app.store.listDebits(agreementId, '2027');
    expect(debits).toHaveLength(failures);
    expect(debits.every((d) => d.state === 'FAILED')).toBe(true);
    expect(debits[debits.length - 1].createdAt.slice(0, 10)).toBe('2026-12-31');
    // The last day's failure does not promise another try.
    const [lastFailure] = (await app.store.listNotices('tt-qianjin', 1)).filter((n) => n.kind === 'debit.failed');
    expect(lastFailure.body).toContain('本年度不再自动扣款，请在 2026-12-31 集中参保期结束前在小程序中直接缴费。');
  });

  it('in the period\'s last days the unpaid sign credit enrollment: paid by the bank, "repay first"; a poor grade is refused', async () => {
    // 12-29: 张伟 signs for his wife 李娜 (a verified relative).
    travelTo(at('2026-12-29', '15:00'));
    const lina = (await credit(app, caller('demo-resident'), { action: 'sign', personId: personIds['李娜'], benefitYear: 2027 })) as { advance: CreditAdvanceView };
    expect(lina.advance).toMatchObject({ state: 'PAID', dueDate: '2027-02-28', amountFen: 40000 });

    // 12-30: 褚涛's answer is lost on the way back (the bank paid); the advance is UNKNOWN until asked about.
    travelTo(at('2026-12-30', '15:00'));
    sim.setFaults({ serverError: { phase: 'after', match: '^POST /v1/advances$', times: 1 } });
    const chutao = (await credit(app, caller('tt-chutao'), { action: 'sign', personId: personIds['褚涛'], benefitYear: 2027 })) as { advance: CreditAdvanceView };
    sim.setFaults({});
    expect(chutao.advance.state).toBe('UNKNOWN');
    expect((await statusOn('tt-chutao', '褚涛', '2027-01-05')).status).toBe('not-enrolled');

    // 12-31: the daily job settles it; 冯强 signs on the last day; 陈晨's grade is poor and the bank refuses.
    travelTo(at('2026-12-31', '09:30'));
    const settled = await runCreditReminders(app);
    expect(settled.settled.advances).toBe(1);
    expect((await advanceOf('tt-chutao', '褚涛')).state).toBe('PAID');

    travelTo(at('2026-12-31', '15:00'));
    const eligibility = (await credit(app, caller('tt-fengqiang'), { action: 'eligibility', personId: personIds['冯强'], benefitYear: 2027 })) as { eligibility: CreditEligibilityView };
    expect(eligibility.eligibility).toMatchObject({ eligible: true, amountFen: 40000, dueDate: '2027-02-28', interestFreeMonths: 2 });
    const feng = (await credit(app, caller('tt-fengqiang'), { action: 'sign', personId: personIds['冯强'], benefitYear: 2027 })) as { advance: CreditAdvanceView };
    expect(feng.advance).toMatchObject({ state: 'PAID', stateLabel: '银行已代缴，待还款', dueDate: '2027-02-28', creditRecorded: false });
    // A second tap on 签约 shows the advance it already made, not "already paid".
    const again = (await credit(app, caller('tt-fengqiang'), { action: 'sign', personId: personIds['冯强'], benefitYear: 2027 })) as { advance: CreditAdvanceView };
    expect(again.advance).toMatchObject({ advanceId: feng.advance.advanceId, state: 'PAID' });

    await simPost('/credit', { id_hash: bank(app).idHash('340104199812120842'), grade: 'POOR' });
    const poor = await refusal(credit(app, caller('tt-chenchen'), { action: 'sign', personId: personIds['陈晨'], benefitYear: 2027 }));
    expect(poor.code).toBe('NOT_PAYABLE');
    expect(poor.message).toContain('银行未同意');
    // The refused advance frees the person-year: she may still pay another way, and 消息 keeps why.
    expect(await app.store.findLiveOrder(personIds['陈晨'], 2027)).toBeNull();
    const [ended] = (await app.store.listNotices('tt-chenchen', 10)).filter((n) => n.kind === 'credit.ended');
    expect(ended.body).toBe('陈晨 2027 年度居民医保费的银行代缴未办理成功：信用等级不满足信用参保条件。本年度仍可在小程序中直接缴费，或到经办窗口咨询。');
    expect(ended.body).not.toMatch(/[A-Z]{3,}/);

    const status = await statusOn('tt-fengqiang', '冯强', '2027-01-05');
    expect(status).toMatchObject({ status: 'repay-first', reason: 'credit-not-repaid', credit: { dueDate: '2027-02-28', state: 'PAID' } });
    expect(status.message).toContain('请先归还银行代缴的保费');
    expect(await app.store.balanceOf(accounts.bankAdvance('partner').id)).toBe(-120000);
  });

  it('after 12-31: no more debits; 钱进, still unpaid, signs credit enrollment in the grace window and is covered from the next day once repaid', async () => {
    travelTo(at('2027-01-01'));
    const report = await runDeductionBatch(app);
    expect(report.benefitYear).toBeNull();
    expect((await statusOn('tt-qianjin', '钱进', '2027-01-04')).status).toBe('not-enrolled');

    // D16: "在集中参保期结束前未缴费的" may sign; credit.json keeps signing open through the grace window (D8).
    travelTo(at('2027-01-04', '10:00'));
    const offer = ((await credit(app, caller('tt-qianjin'), { action: 'eligibility', personId: personIds['钱进'], benefitYear: 2027 })) as { eligibility: CreditEligibilityView }).eligibility;
    // Covered in 2026, he pays in the grace window: covered from the day after payment (D8), once he has repaid.
    expect(offer).toMatchObject({ eligible: true, amountFen: 40000, dueDate: '2027-03-04' });
    expect(offer.message).toContain('集中参保期已结束，代缴后待遇最早从 2027-01-05 起（还款后）享受');
    const late = (await credit(app, caller('tt-qianjin'), { action: 'sign', personId: personIds['钱进'], benefitYear: 2027 })) as { advance: CreditAdvanceView };
    expect(late.advance).toMatchObject({ state: 'PAID', dueDate: '2027-03-04', amountFen: 40000 });
    expect((await statusOn('tt-qianjin', '钱进', '2027-01-05')).status).toBe('repay-first');
  });

  it('褚涛 and 钱进 repay early: restored from the next day, never reminded', async () => {
    travelTo(at('2027-01-15', '11:00'));
    const qian = await advanceOf('tt-qianjin', '钱进');
    expect(((await credit(app, caller('tt-qianjin'), { action: 'repay', advanceId: qian.advanceId })) as { advance: CreditAdvanceView }).advance.state).toBe('REPAID');
    expect(await deliver('ADVANCE.REPAID', qian.advanceId)).toBe(200);
    expect(await statusOn('tt-qianjin', '钱进', '2027-01-16')).toMatchObject({ status: 'active', reason: 'enrolled' });
    const advance = await advanceOf('tt-chutao', '褚涛');
    const repaid = (await credit(app, caller('tt-chutao'), { action: 'repay', advanceId: advance.advanceId })) as { advance: CreditAdvanceView };
    expect(repaid.advance).toMatchObject({ state: 'REPAID', restoredFrom: '2027-01-16', creditRecorded: false });
    expect(await deliver('ADVANCE.REPAID', advance.advanceId)).toBe(200);
    // Repaid today: nothing more to do, benefits from tomorrow (the counter is not told to ask for a repayment).
    expect(await statusOn('tt-chutao', '褚涛', '2027-01-15')).toMatchObject({ status: 'suspended', reason: 'credit-repaid', message: '已于 2027-01-15 还清银行代缴的保费，2027-01-16 起享受待遇' });
    expect((await statusOn('tt-chutao', '褚涛', '2027-01-16'))).toMatchObject({ status: 'active', reason: 'enrolled' });
    const again = await refusal(credit(app, caller('tt-chutao'), { action: 'repay', advanceId: advance.advanceId }));
    expect(again.code).toBe('CONFLICT');
  });

  it('reminders go out 7 days and 1 day before the due date, once each; a part repaid at the counter is learned and lowers what they ask', async () => {
    const remindedOn: Record<string, number> = {};
    const feng = await advanceOf('tt-fengqiang', '冯强');
    for (let day = '2027-01-16'; day <= '2027-02-28'; day = dates.addDays(day, 1)) {
      travelTo(at(day, '09:30'));
      // 冯强 pays 100 yuan at the bank counter; no notification tells us, the daily job's question does.
      if (day === '2027-02-10') await simPost('/advances/repay', { out_advance_no: feng.advanceId, amount_fen: 10_000 });
      const report = await runCreditReminders(app);
      if (report.reminded > 0) remindedOn[day] = report.reminded;
      expect(report.overdue).toBe(0);
    }
    // 冯强 and 李娜 owe; 褚涛 repaid.
    expect(remindedOn).toEqual({ '2027-02-21': 2, '2027-02-27': 2 });
    const notices = await app.store.listNotices('tt-fengqiang', 20);
    expect(notices.filter((n) => n.kind === 'credit.due-soon').map((n) => n.ref.split(':')[1]).sort()).toEqual(['1', '7']);
    expect((await app.store.listNotices('tt-chutao', 20)).some((n) => n.kind === 'credit.due-soon')).toBe(false);
    expect((await app.store.listNotices('demo-resident', 20)).filter((n) => n.kind === 'credit.due-soon')).toHaveLength(2);

    const left = yuan(feng.amountFen - 10_000);
    expect(await advanceOf('tt-fengqiang', '冯强')).toMatchObject({ state: 'PAID', repaidFen: 10_000, outstandingFen: feng.amountFen - 10_000 });
    const fengNotices = await app.store.listNotices('tt-fengqiang', 20);
    const part = fengNotices.filter((n) => n.kind === 'credit.part-repaid');
    expect(part).toHaveLength(1);
    expect(part[0].body).toContain(`银行已收到还款共 100.00元，尚需归还 ${left}`);
    expect(fengNotices.find((n) => n.ref === `${feng.advanceId}:7`)!.body).toContain(`（已还 100.00元，尚需归还 ${left}）7 天后`);
    expect((await app.store.listAudit(personIds['冯强'])).filter((e) => e.action === 'credit.advance-part-repaid')).toHaveLength(1);
    // The books follow the bank: the bank-advance account is what the bank says is outstanding, the part included.
    expect(await app.store.balanceOf(accounts.bankAdvance('partner').id)).toBe(-(await simRecords()).totals.outstandingFen);
  });

  it('the due date passes: the bank reports 冯强 overdue; an unreachable bank does not stop us marking 李娜 overdue by the date', async () => {
    travelTo(at('2027-03-01', '09:30'));
    const feng = await advanceOf('tt-fengqiang', '冯强');
    expect(await deliver('ADVANCE.OVERDUE', feng.advanceId)).toBe(200);
    expect((await advanceOf('tt-fengqiang', '冯强'))).toMatchObject({ state: 'OVERDUE', creditRecorded: true });
    // Told with what is left after his part at the counter.
    const overdueNotice = (await app.store.listNotices('tt-fengqiang', 20)).find((n) => n.kind === 'credit.overdue')!;
    expect(overdueNotice.body).toContain(`（已还 100.00元，尚需归还 ${yuan(feng.amountFen - 10_000)}）已超过还款日`);

    sim.setFaults({ serverError: { match: '^GET /v1/advances/' } });
    const report = await runCreditReminders(app);
    sim.setFaults({});
    expect(report.overdue).toBe(1);
    const lina = await advanceOf('demo-resident', '李娜');
    expect(lina.state).toBe('OVERDUE');
    // The bank's own report arrives afterwards and changes nothing.
    expect(await deliver('ADVANCE.OVERDUE', lina.advanceId)).toBe(200);
    expect((await app.store.listCreditRecords(personIds['李娜']))).toHaveLength(1);

    const status = await statusOn('tt-fengqiang', '冯强', '2027-03-01');
    expect(status).toMatchObject({ status: 'suspended', reason: 'credit-overdue' });
    expect(status.message).toContain('已记入信用档案');
    expect((await statusOn('demo-resident', '李娜', '2027-03-05')).status).toBe('suspended');
    // The credit file now counts against a new credit enrollment (another year, another day).
    const records = await app.store.listCreditRecords(personIds['冯强']);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ kind: 'advance-overdue', resolvedAt: null });

    // The grace window ended on 02-28: signing for 2027 has closed for those still unpaid.
    const closed = ((await credit(app, caller('tt-chenchen'), { action: 'eligibility', personId: personIds['陈晨'], benefitYear: 2027 })) as { eligibility: CreditEligibilityView }).eligibility;
    expect(closed).toMatchObject({ eligible: false, reason: 'OUTSIDE_PERIOD', message: '信用参保须在 2026-10-20 至 2027-02-28（集中参保期及其后的缓冲期）内签约' });
  });

  it('冯强 repays at the bank counter on 03-10: restored from 03-11, the credit record stays, resolved', async () => {
    travelTo(at('2027-03-10', '16:00'));
    const feng = await advanceOf('tt-fengqiang', '冯强');
    await simPost('/advances/repay', { out_advance_no: feng.advanceId, amount_fen: feng.outstandingFen });
    expect(await deliver('ADVANCE.REPAID', feng.advanceId)).toBe(200);
    expect(await advanceOf('tt-fengqiang', '冯强')).toMatchObject({ state: 'REPAID', restoredFrom: '2027-03-11', creditRecorded: true });
    expect((await statusOn('tt-fengqiang', '冯强', '2027-03-10')).status).toBe('suspended');
    expect((await statusOn('tt-fengqiang', '冯强', '2027-03-11'))).toMatchObject({ status: 'active', reason: 'enrolled' });
    const records = await app.store.listCreditRecords(personIds['冯强']);
    expect(records).toHaveLength(1);
    expect(records[0].resolvedAt).not.toBeNull();
    expect((await app.store.listNotices('tt-fengqiang', 20)).map((n) => n.kind)).toEqual(
      expect.arrayContaining(['credit.advanced', 'credit.due-soon', 'credit.overdue', 'credit.repaid']),
    );
  });

  it('the person\'s history holds every transition, and the books agree with the bank and balance', async () => {
    const history = (await app.store.listAudit(personIds['冯强'])).map((a) => a.action).filter((a) => a.startsWith('credit.'));
    expect(history).toEqual(['credit.signed', 'credit.advance-paid', 'credit.advance-part-repaid', 'credit.advance-overdue', 'credit.advance-repaid']);
    const records = await simRecords();
    // 李娜 still owes: the bank-advance account shows exactly what the bank says is outstanding.
    expect(records.totals.advancedFen).toBe(160000);
    expect(records.totals.outstandingFen).toBe(40000);
    expect(await app.store.balanceOf(accounts.bankAdvance('partner').id)).toBe(-records.totals.outstandingFen);
    // 张伟 signed 李娜's advance and it is still owed: he cannot remove her, which would leave it out of his reach.
    const link = (await app.store.listLinks((await app.store.getAccount('demo-resident'))!.personId!)).find((l) => l.relativePersonId === personIds['李娜'])!;
    expect(await refusal(relatives(app, caller('demo-resident'), { action: 'remove', linkId: link.linkId }))).toMatchObject({
      code: 'CONFLICT', message: '您为该家人签约的银行代缴（信用参保）尚未还清，请还清后再移除',
    });
    const ledger = await app.store.ledgerCheck();
    expect(ledger).toMatchObject({ ok: true, totalFen: 0 });
  });

  it('孙丽 leaves on 03-20, after 2027 started: the year is suspended, not refunded, and every page says so', async () => {
    travelTo(at('2027-03-20'));
    const [paid] = (await app.store.listOrdersOfPayer(personIds['孙丽'], 10)).filter((o) => o.state === 'SUCCESS');
    const books = await app.store.ledgerCheck();
    const ask = (reason: 'emigration' | 'joined-employee-insurance') =>
      requestRefund(app, caller('tt-sunli'), { action: 'request', orderId: paid.orderId, personId: personIds['孙丽'], benefitYear: 2027, reason });
    expect(await ask('emigration')).toMatchObject({ state: 'SUSPENDED', refundFen: 0 });
    // 我的参保: suspended since today, not a year to pay again.
    const year = (await coverage(app, caller('tt-sunli'))).people[0].years.find((y) => y.benefitYear === 2027);
    expect(year).toMatchObject({ state: 'SUSPENDED', note: expect.stringContaining('已于 2027-03-20 暂停参保') });
    // 待遇状态: covered before, suspended from that day.
    expect(await statusOn('tt-sunli', '孙丽', '2027-03-19')).toMatchObject({ status: 'active', until: '2027-03-20' });
    expect(await statusOn('tt-sunli', '孙丽', '2027-03-20')).toMatchObject({ status: 'suspended', reason: 'left-after-year-start', message: '已退出居民医保，本年度参保自 2027-03-20 起暂停' });
    // Paying it again is refused in words, before any money is asked for.
    const again = await refusal(startPayment(app, caller('tt-sunli'), { items: [{ personId: personIds['孙丽'], benefitYear: 2027 }], useAccount: false }));
    expect(again).toMatchObject({ code: 'ALREADY_PAID', message: expect.stringContaining('暂停参保') });
    // The receipt marks the year; asking again changes nothing; no money moved.
    expect(await getPayment(app, caller('tt-sunli'), paid.orderId)).toMatchObject({ stateLabel: '已缴费（已暂停参保）', items: [{ suspended: true }] });
    travelTo(at('2027-03-25'));
    // Asked again, for another reason, days later: the suspension on record answers.
    expect(await ask('joined-employee-insurance')).toMatchObject({ state: 'SUSPENDED', message: expect.stringContaining('已于 2027-03-20 暂停参保') });
    // 重复缴费 (refunded at any time) cannot turn the suspension into a full refund: no other payment holds the year.
    const duplicate = await refusal(requestRefund(app, caller('tt-sunli'), { action: 'request', orderId: paid.orderId, personId: personIds['孙丽'], benefitYear: 2027, reason: 'duplicate-payment' }));
    expect(duplicate).toMatchObject({ code: 'NOT_REFUNDABLE', message: expect.stringContaining('本笔不属于重复缴费') });
    expect((await app.store.listAudit(personIds['孙丽'])).filter((a) => a.action === 'enrollment.suspended')).toHaveLength(1);
    expect(await app.store.ledgerCheck()).toEqual(books);
  });
});
