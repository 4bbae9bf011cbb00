/**
 * The client's reading of answers it cannot trust, with a fake fetch standing in for the bank: anything
 * that does not provably come from the bank, or does not say what the spec says, is `unknown`, never
 * `rejected` (which would let a caller conclude nothing happened).
 */
import { generateKeyPairSync } from 'node:crypto';
import { createBankClient } from './client';
import { signBankMessage } from './sign';
import type { Statement } from './schemas';

const pair = () =>
  generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
const partner = pair();
const bank = pair();
const partnerId = 'P0000000001';
const now = new Date('2026-12-20T10:00:00+08:00');

type Answer = { status: number; body: string; signed?: boolean; timestampSeconds?: number };

const clientAnswering = (answer: Answer) =>
  createBankClient({
    baseUrl: 'https://bank.example',
    partnerId,
    partnerKeyId: 'pk_1',
    partnerPrivateKeyPem: partner.privateKey,
    bankPublicKeys: { bk_1: bank.publicKey },
    clock: () => now,
    timeoutMs: 1_000,
    fetch: (async (input: URL | RequestInfo) => {
      const url = new URL(String(input));
      const headers = answer.signed === false
        ? {}
        : signBankMessage({
            kind: { type: 'answer', status: answer.status, pathWithQuery: `${url.pathname}${url.search}` },
            partnerId,
            keyId: 'bk_1',
            privateKey: bank.privateKey,
            timestampSeconds: answer.timestampSeconds ?? Math.floor(now.getTime() / 1000),
            body: answer.body,
          });
      return new Response(answer.body, { status: answer.status, headers });
    }) as typeof fetch,
  });

const debit = {
  debit_id: 'D20261220000000000001',
  out_debit_no: 'DEBIT0001',
  out_contract_no: 'CONTRACT01',
  amount_fen: 40_000,
  state: 'SUCCESS',
  fail_code: null,
  fail_message: null,
  created_at: '2026-12-20T10:00:00+08:00',
  finished_at: '2026-12-20T10:00:00+08:00',
};

describe('bank client answers', () => {
  test('a signed 2xx of the right shape is ok', async () => {
    await expect(clientAnswering({ status: 200, body: JSON.stringify(debit) }).queryDebit('DEBIT0001')).resolves.toEqual({ kind: 'ok', data: debit });
  });

  test('a signed 4xx is the bank refusing, with its code and message', async () => {
    const body = JSON.stringify({ code: 'DEBIT_NOT_FOUND', message: '扣款记录不存在' });
    await expect(clientAnswering({ status: 404, body }).queryDebit('DEBIT0001')).resolves.toEqual({
      kind: 'rejected',
      httpStatus: 404,
      code: 'DEBIT_NOT_FOUND',
      message: '扣款记录不存在',
    });
  });

  test('an unsigned 4xx is unknown: it may come from anything between us and the bank', async () => {
    const body = JSON.stringify({ code: 'DEBIT_NOT_FOUND', message: 'x' });
    await expect(clientAnswering({ status: 404, body, signed: false }).queryDebit('DEBIT0001')).resolves.toMatchObject({ kind: 'unknown' });
  });

  test('a 5xx is unknown even when it names a code', async () => {
    const body = JSON.stringify({ code: 'SYSTEM_ERROR', message: '系统繁忙' });
    await expect(clientAnswering({ status: 500, body }).queryDebit('DEBIT0001')).resolves.toMatchObject({ kind: 'unknown', reason: expect.stringContaining('SYSTEM_ERROR') });
  });

  test('a signed 2xx that does not match the spec is unknown', async () => {
    const body = JSON.stringify({ ...debit, state: 'DONE' });
    await expect(clientAnswering({ status: 200, body }).queryDebit('DEBIT0001')).resolves.toMatchObject({ kind: 'unknown' });
  });

  test('an answer stamped outside the 300 s window is unknown', async () => {
    const stale = Math.floor(now.getTime() / 1000) - 301;
    await expect(clientAnswering({ status: 200, body: JSON.stringify(debit), timestampSeconds: stale }).queryDebit('DEBIT0001')).resolves.toMatchObject({
      kind: 'unknown',
      reason: expect.stringContaining('STALE_TIMESTAMP'),
    });
  });

  test('a statement whose totals disagree with its lines is unknown', async () => {
    const statement: Statement = {
      partner_id: partnerId,
      date: '2026-12-19',
      final: true,
      generated_at: '2026-12-20T10:00:00+08:00',
      lines: [{ type: 'DEBIT', out_no: 'DEBIT0001', bank_no: 'D1', ref_no: 'CONTRACT01', state: 'SUCCESS', fail_code: null, amount_fen: 40_000, at: '2026-12-19T10:00:00+08:00' }],
      totals: { debit_success_count: 1, debit_success_fen: 4_000, debit_failed_count: 0, advance_paid_count: 0, advance_paid_fen: 0, repayment_count: 0, repayment_fen: 0 },
    };
    await expect(clientAnswering({ status: 200, body: JSON.stringify(statement) }).statement('2026-12-19')).resolves.toMatchObject({
      kind: 'unknown',
      reason: 'statement totals do not match its lines',
    });
    const balanced = { ...statement, totals: { ...statement.totals, debit_success_fen: 40_000 } };
    await expect(clientAnswering({ status: 200, body: JSON.stringify(balanced) }).statement('2026-12-19')).resolves.toMatchObject({ kind: 'ok' });
  });

  test('a network failure is unknown, and bad input never leaves the process', async () => {
    const failing = createBankClient({
      baseUrl: 'https://bank.example',
      partnerId,
      partnerKeyId: 'pk_1',
      partnerPrivateKeyPem: partner.privateKey,
      bankPublicKeys: { bk_1: bank.publicKey },
      clock: () => now,
      timeoutMs: 1_000,
      fetch: (async () => {
        throw Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNRESET' } });
      }) as typeof fetch,
    });
    await expect(failing.queryDebit('DEBIT0001')).resolves.toEqual({ kind: 'unknown', reason: 'network error: ECONNRESET' });
    await expect(failing.queryDebit('bad/no')).resolves.toMatchObject({ kind: 'rejected', httpStatus: 0, code: 'INVALID_INPUT' });
    await expect(failing.statement('2026-02-30')).resolves.toMatchObject({ kind: 'rejected', code: 'INVALID_INPUT' });
  });
});

describe('bank notifications', () => {
  const client = clientAnswering({ status: 200, body: '' });
  const notify = (envelope: unknown, overrides: { partnerId?: string } = {}) => {
    const body = JSON.stringify(envelope);
    const headers = signBankMessage({
      kind: { type: 'notification' },
      partnerId: overrides.partnerId ?? partnerId,
      keyId: 'bk_1',
      privateKey: bank.privateKey,
      timestampSeconds: Math.floor(now.getTime() / 1000),
      body,
    });
    return client.parseNotification(headers, body);
  };
  const envelope = (eventType: string, resource: unknown) => ({ id: 'EV1', event_type: eventType, create_time: '2026-12-20T10:00:00+08:00', resource });

  test('DEBIT.SUCCESS becomes a typed debit event', async () => {
    await expect(notify(envelope('DEBIT.SUCCESS', debit))).resolves.toEqual({
      kind: 'ok',
      event: { id: 'EV1', eventType: 'DEBIT.SUCCESS', createTime: '2026-12-20T10:00:00+08:00', type: 'debit', debit },
    });
  });

  test('an event type we do not map is acknowledged as unsupported', async () => {
    await expect(notify(envelope('CARD.LOST', {}))).resolves.toMatchObject({ kind: 'ok', event: { type: 'unsupported', eventType: 'CARD.LOST' } });
  });

  test('a known event whose resource breaks the spec is INVALID_BODY', async () => {
    await expect(notify(envelope('DEBIT.FAILED', { ...debit, amount_fen: '400' }))).resolves.toMatchObject({ kind: 'rejected', code: 'INVALID_BODY' });
  });

  test('a notification for another partner is PARTNER_MISMATCH', async () => {
    await expect(notify(envelope('DEBIT.SUCCESS', debit), { partnerId: 'P0000000002' })).resolves.toMatchObject({ kind: 'rejected', code: 'PARTNER_MISMATCH' });
  });
});
