/**
 * Signing and verification of bank messages, both ways: a round trip for each kind, and one test per
 * way a message must be refused (tampered, forged, stale, replayed, another partner, unknown key,
 * a signature of one kind offered as another).
 */
import { generateKeyPairSync } from 'node:crypto';
import { BANK_HEADERS, bankIdHash, buildBankSignatureMessage, signBankMessage, type SignedKind } from './sign';
import { createBankKeyRing, createMemoryNonceGuard, verifyBankMessage } from './verify';

const pair = () =>
  generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });

const bank = pair();
const stranger = pair();
const partnerId = 'P0000000001';
const keyRing = createBankKeyRing({ bk_1: bank.publicKey });
const nowSeconds = 1_767_225_600; // 2026-01-01T08:00:00+08:00
const clock = () => new Date(nowSeconds * 1000);
const body = '{"out_debit_no":"DEBIT0001","state":"SUCCESS"}';
const answerKind: SignedKind = { type: 'answer', status: 200, pathWithQuery: '/v1/debits/DEBIT0001' };

const sign = (overrides: Partial<Parameters<typeof signBankMessage>[0]> = {}) =>
  signBankMessage({ kind: answerKind, partnerId, keyId: 'bk_1', privateKey: bank.privateKey, timestampSeconds: nowSeconds, body, ...overrides });

const verify = (headers: Record<string, string>, options: { kind?: SignedKind; rawBody?: string; remember?: boolean; expectPartner?: string } = {}) =>
  verifyBankMessage(options.kind ?? answerKind, headers, options.rawBody ?? body, {
    keyRing,
    partnerId: options.expectPartner ?? partnerId,
    clock,
    rememberNonce: options.remember ? createMemoryNonceGuard() : undefined,
  });

describe('bank message signatures', () => {
  test('the signed message is five lines, each ending in a newline, the first naming the kind', () => {
    expect(buildBankSignatureMessage({ type: 'request', method: 'post', pathWithQuery: '/v1/debits' }, partnerId, 1, 'N', '{}').toString()).toBe(
      'POST\n/v1/debits\n1\nN\n{}\n',
    );
    expect(buildBankSignatureMessage(answerKind, partnerId, 1, 'N', '').toString()).toBe('200\n/v1/debits/DEBIT0001\n1\nN\n\n');
    expect(buildBankSignatureMessage({ type: 'notification' }, partnerId, 1, 'N', 'x').toString()).toBe(`NOTIFY\n${partnerId}\n1\nN\nx\n`);
  });

  test('an answer signed by the bank verifies, with Node header objects as well as fetch Headers', async () => {
    const headers = sign();
    expect(Object.keys(headers).sort()).toEqual(Object.values(BANK_HEADERS).sort());
    await expect(verify(headers)).resolves.toMatchObject({ ok: true, keyId: 'bk_1', timestampSeconds: nowSeconds });
    await expect(verifyBankMessage(answerKind, new Headers(headers), Buffer.from(body), { keyRing, partnerId, clock })).resolves.toMatchObject({ ok: true });
  });

  test('a tampered body is refused as BAD_SIGNATURE', async () => {
    await expect(verify(sign(), { rawBody: body.replace('SUCCESS', 'FAILED') })).resolves.toMatchObject({ ok: false, code: 'BAD_SIGNATURE' });
  });

  test('a message signed with a key the bank never gave us, under the bank key id, is refused as BAD_SIGNATURE', async () => {
    await expect(verify(sign({ privateKey: stranger.privateKey }))).resolves.toMatchObject({ ok: false, code: 'BAD_SIGNATURE' });
  });

  test('a key id we do not trust is refused as UNKNOWN_KEY', async () => {
    await expect(verify(sign({ keyId: 'bk_other' }))).resolves.toMatchObject({ ok: false, code: 'UNKNOWN_KEY' });
  });

  test('a message for another partner is refused as PARTNER_MISMATCH', async () => {
    await expect(verify(sign(), { expectPartner: 'P0000000002' })).resolves.toMatchObject({ ok: false, code: 'PARTNER_MISMATCH' });
  });

  test('a timestamp 301 s away is refused as STALE_TIMESTAMP, 300 s away is still accepted', async () => {
    await expect(verify(sign({ timestampSeconds: nowSeconds - 301 }))).resolves.toMatchObject({ ok: false, code: 'STALE_TIMESTAMP' });
    await expect(verify(sign({ timestampSeconds: nowSeconds + 301 }))).resolves.toMatchObject({ ok: false, code: 'STALE_TIMESTAMP' });
    await expect(verify(sign({ timestampSeconds: nowSeconds - 300 }))).resolves.toMatchObject({ ok: true });
  });

  test('the same nonce offered twice is refused the second time as REPLAYED_NONCE', async () => {
    const remember = createMemoryNonceGuard();
    const headers = sign({ kind: { type: 'notification' } });
    const options = { keyRing, partnerId, clock, rememberNonce: remember };
    await expect(verifyBankMessage({ type: 'notification' }, headers, body, options)).resolves.toMatchObject({ ok: true });
    await expect(verifyBankMessage({ type: 'notification' }, headers, body, options)).resolves.toMatchObject({ ok: false, code: 'REPLAYED_NONCE' });
  });

  test('a forged message does not burn the nonce of the genuine one that follows', async () => {
    const remember = createMemoryNonceGuard();
    const genuine = sign({ kind: { type: 'notification' }, nonce: 'A'.repeat(32) });
    const forged = sign({ kind: { type: 'notification' }, nonce: 'A'.repeat(32), privateKey: stranger.privateKey });
    const options = { keyRing, partnerId, clock, rememberNonce: remember };
    await expect(verifyBankMessage({ type: 'notification' }, forged, body, options)).resolves.toMatchObject({ code: 'BAD_SIGNATURE' });
    await expect(verifyBankMessage({ type: 'notification' }, genuine, body, options)).resolves.toMatchObject({ ok: true });
  });

  test('a signature made for one kind or path does not verify as another', async () => {
    const headers = sign();
    await expect(verify(headers, { kind: { type: 'notification' } })).resolves.toMatchObject({ code: 'BAD_SIGNATURE' });
    await expect(verify(headers, { kind: { ...answerKind, status: 404 } })).resolves.toMatchObject({ code: 'BAD_SIGNATURE' });
    await expect(verify(headers, { kind: { ...answerKind, pathWithQuery: '/v1/debits/DEBIT0002' } })).resolves.toMatchObject({ code: 'BAD_SIGNATURE' });
  });

  test('missing or malformed headers are refused as MISSING_SIGNATURE_HEADERS', async () => {
    const { [BANK_HEADERS.signature]: _dropped, ...unsigned } = sign();
    await expect(verify(unsigned)).resolves.toMatchObject({ code: 'MISSING_SIGNATURE_HEADERS' });
    await expect(verify({ ...sign(), [BANK_HEADERS.timestamp]: 'soon' })).resolves.toMatchObject({ code: 'MISSING_SIGNATURE_HEADERS' });
  });

  test('an ID hash is keyed: the same ID under another key gives another hash, and no digit of the ID shows', () => {
    const id = '340104199001011234';
    const hash = bankIdHash(Buffer.alloc(32, 1), id);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(bankIdHash(Buffer.alloc(32, 2), id)).not.toBe(hash);
    expect(hash).not.toContain('1990');
  });
});
