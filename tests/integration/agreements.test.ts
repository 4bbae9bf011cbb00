import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bankAccountTokenWith } from '../../cloudfunctions/_core/agreements/bankAccount';
import { call, login } from '../support/http';
import { runtimeDataDir } from '../support/ledger';
import { bankSim as sim, runDeductionBatch as runBatch } from '../support/sims';

// Each step waits up to 15 s for the shared runtime's batch runs to reach this file's people.
jest.setTimeout(60_000);

async function eventually<T>(probe: () => Promise<T | undefined | false>, what: string | (() => string)): Promise<T> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`${typeof what === 'string' ? what : what()}: not seen in time`);
    await new Promise((later) => setTimeout(later, 200));
  }
}

type Person = { relation: string; person: { personId: string; name: string }; years: { benefitYear: number; state: string }[] };

describe('auto-renewal agreements and the deduction batch (bank simulator)', () => {
  let token: string;
  let people: Person[];

  beforeAll(async () => {
    // Debit hours are the bank's business; tests may run at any hour.
    await sim('/config', { allowedHours: { from: '00:00', to: '23:59' } });
    // A household of its own (the demo registry's H-DEMO-4), so no other test file pays for these people.
    token = await login('agreements-tester');
    await call('bindIdentity', { name: '孙丽', idNumber: '340104198004093220' }, token);
    for (const [name, idNumber, relation] of [
      ['周桂兰', '340104195501201487', 'parent'],
      ['孙浩', '34010420100903251X', 'child'],
      ['钱进', '340104198808081735', 'spouse'],
    ]) {
      await call('relatives', { action: 'add', name, idNumber, relation }, token);
    }
    people = (await call('coverage', {}, token)).body.data.people;
  });

  /**
   * Signs a bank agreement for `person` on an account emptied first (so no batch can debit it before the test wants),
   * and finds the bank's contract by the account's token: other files sign accounts whose masks look the same.
   */
  async function signWithEmptyAccount(person: Person, accountNo: string) {
    const accountToken = bankAccountTokenWith(Buffer.from(JSON.parse(readFileSync(join(runtimeDataDir(), 'secrets', 'pii.json'), 'utf8')).hashKey, 'base64'), accountNo);
    await sim('/accounts', { account_token: accountToken, balance_fen: 0 });
    const signed = await call('agreements', { action: 'sign', personId: person.person.personId, bankAccount: { holderName: '孙丽', accountNo } }, token);
    expect(signed.body.data.agreement.state).toBe('ACTIVE');
    const contract = (await sim('/records')).contracts.find((c: { account_token: string }) => c.account_token === accountToken);
    return { signed, contract };
  }

  it('signs with a bank account, notices first, debits once, and a second run debits nothing', async () => {
    const parent = people.find((p) => p.relation === 'parent')!;
    expect(parent.years[1].state).toBe('DUE');
    const signed = await call('agreements', { action: 'sign', personId: parent.person.personId, bankAccount: { holderName: '孙丽', accountNo: '6222020200112233445' } }, token);
    expect(signed.body).toMatchObject({ ok: true, data: { agreement: { state: 'ACTIVE', accountMasked: '6222***********3445' } } });
    expect(JSON.stringify(signed.body)).not.toContain('6222020200112233445');

    await runBatch();
    await eventually(async () => (await call('coverage', {}, token)).body.data.people.find((p: Person) => p.relation === 'parent').years[1].state === 'ENROLLED', 'parent enrolled');
    const notices = (await call('notices', { action: 'list' }, token)).body.data.notices;
    expect(notices.some((n: { kind: string; body: string }) => n.kind === 'debit.upcoming' && n.body.includes('周桂兰'))).toBe(true);

    await runBatch();
    const records = await sim('/records');
    const contractNo = records.contracts.find((c: { account_no_masked: string }) => c.account_no_masked === '6222***********3445').out_contract_no;
    expect(records.debits.filter((d: { out_contract_no: string; state: string }) => d.out_contract_no === contractNo && d.state === 'SUCCESS')).toHaveLength(1);

    // The bank has no refund call: a refund of the debited year is sent to the counter, and nothing changes here.
    const orders = (await call('payments', { action: 'list' }, token)).body.data.orders as { orderId: string; channel?: string; refundElsewhere?: string; items: { personId: string; benefitYear: number }[] }[];
    const debited = orders.find((o) => o.channel === 'bank' && o.items.some((i) => i.personId === parent.person.personId))!;
    expect(debited).toMatchObject({ refundElsewhere: expect.stringContaining('经办窗口') });
    const refund = await call('refunds', { action: 'request', orderId: debited.orderId, personId: parent.person.personId, benefitYear: debited.items[0].benefitYear, reason: 'death' }, token);
    expect(refund.body).toMatchObject({ ok: false, error: { code: 'NOT_REFUNDABLE', message: expect.stringContaining('经办窗口') } });
    expect((await call('coverage', {}, token)).body.data.people.find((p: Person) => p.relation === 'parent').years[1].state).toBe('ENROLLED');
  });

  it('tells the person when a debit fails, retries on a later run, and pays once funds are there', async () => {
    const child = people.find((p) => p.relation === 'child')!;
    // The account is empty before the agreement exists: another file's batch run may be the one that tries it.
    const { signed, contract } = await signWithEmptyAccount(child, '6222020200199998888');
    expect(contract).toMatchObject({ account_no_masked: '6222***********8888', account_token: expect.any(String) });

    await runBatch();
    let seen: { kind: string; body: string }[] = [];
    await eventually(async () => {
      seen = (await call('notices', { action: 'list' }, token)).body.data.notices;
      return seen.some((n) => n.kind === 'debit.failed' && n.body.includes(child.person.name) && n.body.includes('账户余额不足'));
    }, () => `failed-debit notice (notices: ${JSON.stringify(seen.map((n) => n.body))})`);
    const childAfterFailure = (await call('coverage', {}, token)).body.data.people.find((p: Person) => p.relation === 'child');
    expect(childAfterFailure.years[1].state).toBe('DUE');

    await sim('/accounts', { account_token: contract.account_token, balance_fen: 1_000_000 });
    await runBatch();
    await eventually(async () => (await call('coverage', {}, token)).body.data.people.find((p: Person) => p.relation === 'child').years[1].state === 'ENROLLED', 'child enrolled');
    const debits = (await sim('/records')).debits.filter((d: { out_contract_no: string }) => d.out_contract_no === contract.out_contract_no);
    expect(debits.filter((d: { state: string }) => d.state === 'SUCCESS')).toHaveLength(1);
    expect(debits.filter((d: { state: string }) => d.state === 'FAILED').length).toBeGreaterThanOrEqual(1);
  });

  it('honours a cancellation made at the bank, and refuses a second agreement for the same person while one is live', async () => {
    const spouse = people.find((p) => p.relation === 'spouse')!;
    const signed = await call('agreements', { action: 'sign', personId: spouse.person.personId, bankAccount: { holderName: '钱进', accountNo: '6222020200177776666' } }, token);
    expect(signed.body.data.agreement.state).toBe('ACTIVE');
    const again = await call('agreements', { action: 'sign', personId: spouse.person.personId, bankAccount: { holderName: '钱进', accountNo: '6222020200155554444' } }, token);
    expect(again.body).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });

    const contract = (await sim('/records')).contracts.find((c: { account_no_masked: string }) => c.account_no_masked.endsWith('6666'));
    await sim('/contracts/terminate', { out_contract_no: contract.out_contract_no, by: 'ACCOUNT_HOLDER' });
    let ended: { state: string; endNote?: string } = { state: 'ACTIVE' };
    for (let i = 0; i < 50 && ended.state !== 'CANCELLED'; i += 1) {
      await new Promise((r) => setTimeout(r, 100));
      const list = (await call('agreements', { action: 'list' }, token)).body.data.agreements;
      ended = list.find((a: { agreementId: string }) => a.agreementId === signed.body.data.agreement.agreementId);
    }
    expect(ended.state).toBe('CANCELLED');
    // Its card says where it ended.
    expect(ended.endNote).toMatch(/^银行通知代扣协议已解约/);
    // The signer is told, so the reminder sent before does not stand alone.
    const notices = (await call('notices', { action: 'list' }, token)).body.data.notices as { kind: string; body: string }[];
    expect(notices.filter((n) => n.kind === 'agreement.ended').map((n) => n.body)).toContain('您为 钱进 签约的医保自动续缴已在银行解约，之后不会再自动扣款。如需参保，请在小程序中直接缴费或重新签约。');
  });

  it('a contract ended at the bank whose notice never came: the refused debit ends the agreement, and nobody is promised a retry', async () => {
    const self = people.find((p) => p.relation === 'self')!;
    // Empty until the contract has ended, so no batch (this file's or another's) can debit it first.
    const { signed, contract } = await signWithEmptyAccount(self, '6222020200133332222');
    const accountToken = contract.account_token;
    // The bank's notice of the holder's termination is held back for a minute: as far as we know, the contract stands.
    await sim('/faults', { delayCallback: { delayMs: 60_000, times: 1, match: '^CONTRACT\\.' } });
    await sim('/contracts/terminate', { out_contract_no: contract.out_contract_no, by: 'ACCOUNT_HOLDER' });
    await sim('/accounts', { account_token: accountToken, balance_fen: 1_000_000 });
    await runBatch();
    const agreementId = signed.body.data.agreement.agreementId;
    const ended = await eventually(async () => {
      const list = (await call('agreements', { action: 'list' }, token)).body.data.agreements as { agreementId: string; state: string }[];
      return list.find((a) => a.agreementId === agreementId && a.state === 'CANCELLED');
    }, 'agreement cancelled after the refused debit');
    expect(ended.state).toBe('CANCELLED');
    const notices = (await call('notices', { action: 'list' }, token)).body.data.notices as { kind: string; body: string }[];
    const failed = notices.filter((n) => n.kind === 'debit.failed' && n.body.includes(self.person.name));
    // Newest first: the refusal after the termination says the agreement has ended, not that a retry is coming.
    expect(failed[0]?.body).toContain('自动续缴协议已解约，不会再次扣款');
    expect(failed[0].body).not.toContain('再次尝试');
    expect((await sim('/records')).debits.filter((d: { out_contract_no: string; state: string }) => d.out_contract_no === contract.out_contract_no && d.state === 'SUCCESS')).toEqual([]);
  });

  it("does not let anyone else pause or cancel my agreement", async () => {
    const mine = (await call('agreements', { action: 'list' }, token)).body.data.agreements[0];
    const stranger = await login('agreement-stranger');
    // 钱进 is the tester's spouse, yet a person of his own: his account sees only the agreements he signed.
    await call('bindIdentity', { name: '钱进', idNumber: '340104198808081735' }, stranger);
    const answer = await call('agreements', { action: 'cancel', agreementId: mine.agreementId }, stranger);
    expect(answer.body).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('removing a relative ends the agreements signed for them, here and at the bank: no one is debited for a person no longer linked', async () => {
    const child = people.find((p) => p.relation === 'child')!;
    const before = (await call('agreements', { action: 'list' }, token)).body.data.agreements as { agreementId: string; personId: string; state: string; contractNo?: string }[];
    const live = before.find((a) => a.personId === child.person.personId && a.state === 'ACTIVE')!;
    expect(live).toBeDefined();
    const link = (await call('relatives', { action: 'list' }, token)).body.data.relatives.find((r: { person: { personId: string } }) => r.person.personId === child.person.personId);
    expect((await call('relatives', { action: 'remove', linkId: link.linkId }, token)).body.ok).toBe(true);

    const ended = ((await call('agreements', { action: 'list' }, token)).body.data.agreements as { agreementId: string; state: string; endNote?: string }[])
      .find((a) => a.agreementId === live.agreementId)!;
    // This year was debited before the removal, so the card says that first (endNotes.test.ts has the removal's own words).
    expect(ended).toMatchObject({ state: 'CANCELLED', endNote: expect.stringContaining('不会再扣款') });
    // The bank is told: the contract (on the child's account, signed in the test above) ends there too.
    const accountToken = bankAccountTokenWith(Buffer.from(JSON.parse(readFileSync(join(runtimeDataDir(), 'secrets', 'pii.json'), 'utf8')).hashKey, 'base64'), '6222020200199998888');
    await eventually(async () => ((await sim('/records')).contracts as { account_token: string; state: string }[])
      .some((c) => c.account_token === accountToken && ['TERMINATING', 'TERMINATED'].includes(c.state)), 'bank contract ended');
  });
});
