import { generateKeyPairSync } from 'node:crypto';
import { decryptResource, encryptResource } from './aesgcm';
import { notificationReply, parseWechatPayNotification, type NotificationContext } from './notification';
import { buildWechatpaySignatureHeaders } from './sign';
import { createMemoryNonceGuard, createPlatformKeyRing } from './verify';

const platform = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  publicKeyEncoding: { type: 'spki', format: 'pem' },
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
});
const SERIAL = 'PUB_KEY_ID_0119000000012026010100000000000001';
const APIV3_KEY = 'Hefei2026LocalApiV3Key0123456789';
const MCHID = '1900000001';
const NOW_SECONDS = 1_767_225_600;

const context = (): NotificationContext => ({
  keyRing: createPlatformKeyRing({ [SERIAL]: platform.publicKey }),
  apiV3Key: APIV3_KEY,
  mchid: MCHID,
  clock: () => new Date(NOW_SECONDS * 1000),
  rememberNonce: createMemoryNonceGuard(),
});

const transaction = {
  appid: 'wx1234567890abcdef',
  mchid: MCHID,
  out_trade_no: 'PAY20260101000001',
  transaction_id: '4200000000202601010000000001',
  trade_type: 'JSAPI',
  trade_state: 'SUCCESS',
  trade_state_desc: '支付成功',
  bank_type: 'OTHERS',
  success_time: '2026-01-01T08:00:00+08:00',
  payer: { openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o' },
  amount: { total: 40000, payer_total: 40000, currency: 'CNY', payer_currency: 'CNY' },
};

function callback(resource: ReturnType<typeof encryptResource>, eventType = 'TRANSACTION.SUCCESS', nonce = 'N-1') {
  const body = JSON.stringify({
    id: 'EV-0001',
    create_time: '2026-01-01T08:00:01+08:00',
    resource_type: 'encrypt-resource',
    event_type: eventType,
    summary: '支付成功',
    resource,
  });
  const headers = buildWechatpaySignatureHeaders({ privateKey: platform.privateKey, serial: SERIAL, body, timestampSeconds: NOW_SECONDS, nonce });
  return { headers, body };
}

const sealedTransaction = (value: object = transaction) => encryptResource(APIV3_KEY, JSON.stringify(value), 'transaction');

/** Flips one bit in the last byte of the Base64 ciphertext, which is the last byte of the GCM tag. */
function flipTagBit(ciphertext: string): string {
  const bytes = Buffer.from(ciphertext, 'base64');
  bytes[bytes.length - 1] ^= 0x01;
  return bytes.toString('base64');
}

describe('AEAD_AES_256_GCM resources', () => {
  test('a sealed resource opens to its plaintext with the same APIv3 key', () => {
    const sealed = encryptResource(APIV3_KEY, '{"a":1}', 'transaction');
    expect(sealed).toMatchObject({ algorithm: 'AEAD_AES_256_GCM', associated_data: 'transaction', original_type: 'transaction' });
    expect(decryptResource(APIV3_KEY, sealed)).toEqual({ ok: true, plaintext: '{"a":1}' });
  });

  test('a flipped tag bit is rejected', () => {
    const sealed = encryptResource(APIV3_KEY, '{"a":1}', 'transaction');
    expect(decryptResource(APIV3_KEY, { ...sealed, ciphertext: flipTagBit(sealed.ciphertext) }).ok).toBe(false);
  });

  test('a flipped ciphertext bit, other associated data or another key are rejected', () => {
    const sealed = encryptResource(APIV3_KEY, '{"a":1}', 'transaction');
    const bytes = Buffer.from(sealed.ciphertext, 'base64');
    bytes[0] ^= 0x80;
    expect(decryptResource(APIV3_KEY, { ...sealed, ciphertext: bytes.toString('base64') }).ok).toBe(false);
    expect(decryptResource(APIV3_KEY, { ...sealed, associated_data: 'refund' }).ok).toBe(false);
    expect(decryptResource('X'.repeat(32), sealed).ok).toBe(false);
  });

  test('an APIv3 key that is not 32 bytes and an unknown algorithm are refused', () => {
    const sealed = encryptResource(APIV3_KEY, '{"a":1}', 'transaction');
    expect(decryptResource(APIV3_KEY.slice(1), sealed)).toEqual({ ok: false, reason: 'APIv3 key must be 32 bytes' });
    expect(decryptResource(APIV3_KEY, { ...sealed, algorithm: 'AEAD_AES_128_GCM' }).ok).toBe(false);
  });
});

describe('parsing a callback', () => {
  test('a genuine TRANSACTION.SUCCESS callback becomes a transaction event with amount in fen', async () => {
    const { headers, body } = callback(sealedTransaction());
    const outcome = await parseWechatPayNotification(headers, body, context());
    expect(outcome).toEqual({
      kind: 'ok',
      event: expect.objectContaining({ type: 'transaction', id: 'EV-0001', eventType: 'TRANSACTION.SUCCESS', transaction }),
    });
  });

  test('a signed callback whose resource tag was flipped is DECRYPT_FAILED', async () => {
    const sealed = sealedTransaction();
    const { headers, body } = callback({ ...sealed, ciphertext: flipTagBit(sealed.ciphertext) });
    expect(await parseWechatPayNotification(headers, body, context())).toMatchObject({ kind: 'rejected', code: 'DECRYPT_FAILED' });
  });

  test('the same callback bytes delivered twice are REPLAYED_NONCE the second time', async () => {
    const ctx = context();
    const { headers, body } = callback(sealedTransaction());
    expect((await parseWechatPayNotification(headers, body, ctx)).kind).toBe('ok');
    expect(await parseWechatPayNotification(headers, body, ctx)).toMatchObject({ kind: 'rejected', code: 'REPLAYED_NONCE' });
  });

  test("another merchant's transaction is MCHID_MISMATCH", async () => {
    const { headers, body } = callback(sealedTransaction({ ...transaction, mchid: '1900000002' }));
    expect(await parseWechatPayNotification(headers, body, context())).toMatchObject({ kind: 'rejected', code: 'MCHID_MISMATCH' });
  });

  test('a refund callback with refund_status becomes a refund event', async () => {
    const refund = {
      mchid: MCHID,
      out_trade_no: 'PAY20260101000001',
      transaction_id: '4200000000202601010000000001',
      out_refund_no: 'RF20260101000001',
      refund_id: '50000000382026010100000000001',
      refund_status: 'SUCCESS',
      success_time: '2026-01-01T09:00:00+08:00',
      user_received_account: '支付用户零钱',
      amount: { total: 40000, refund: 10000, payer_total: 40000, payer_refund: 10000 },
    };
    const { headers, body } = callback(encryptResource(APIV3_KEY, JSON.stringify(refund), 'refund'), 'REFUND.SUCCESS');
    expect(await parseWechatPayNotification(headers, body, context())).toEqual({
      kind: 'ok',
      event: expect.objectContaining({ type: 'refund', refund }),
    });
  });

  test('a resource that decrypts but does not match the schema is INVALID_BODY', async () => {
    const { headers, body } = callback(sealedTransaction({ ...transaction, trade_state: 'PAID' }));
    expect(await parseWechatPayNotification(headers, body, context())).toMatchObject({ kind: 'rejected', code: 'INVALID_BODY' });
  });

  test('the reply is 204 with no body to accept, and 400 with code FAIL to have WeChat send again', () => {
    expect(notificationReply(true)).toEqual({ statusCode: 204, body: '' });
    expect(notificationReply(false, '验签失败')).toEqual({ statusCode: 400, body: '{"code":"FAIL","message":"验签失败"}' });
  });
});

describe('委托代扣 (papay) callbacks: the same checks, then typed papay events', () => {
  const contract = {
    mchid: MCHID,
    appid: 'wx1234567890abcdef',
    plan_id: 12535,
    out_contract_code: 'ctr01KAB0000000000000000000',
    contract_id: '20260101000000000001',
    openid: 'oSigner',
    contract_state: 'ENTRUSTED',
    contract_signed_time: '2026-01-01T08:00:00+08:00',
    change_type: 'SIGN',
    operate_time: '2026-01-01T08:00:00+08:00',
  };
  const debit = {
    appid: 'wx1234567890abcdef',
    mchid: MCHID,
    out_trade_no: 'dbt_01KAB00000000000000000',
    contract_id: '20260101000000000001',
    transaction_id: '4200000000202601010000000001',
    trade_state: 'SUCCESS',
    success_time: '2026-01-01T08:00:00+08:00',
    amount: { total: 38000, currency: 'CNY' },
  };
  const sealed = (value: object, originalType: string) => encryptResource(APIV3_KEY, JSON.stringify(value), originalType);

  test('PAPAY.CONTRACT.SIGNED becomes a papay-contract event, PAPAY.TRANSACTION.SUCCESS a papay-transaction event', async () => {
    const signed = callback(sealed(contract, 'contract'), 'PAPAY.CONTRACT.SIGNED');
    expect(await parseWechatPayNotification(signed.headers, signed.body, context())).toMatchObject({
      kind: 'ok',
      event: { type: 'papay-contract', eventType: 'PAPAY.CONTRACT.SIGNED', contract: { contract_state: 'ENTRUSTED', change_type: 'SIGN' } },
    });
    const paid = callback(sealed(debit, 'transaction'), 'PAPAY.TRANSACTION.SUCCESS');
    expect(await parseWechatPayNotification(paid.headers, paid.body, context())).toMatchObject({
      kind: 'ok',
      event: { type: 'papay-transaction', transaction: { trade_state: 'SUCCESS', amount: { total: 38000 } } },
    });
  });

  test('a tampered body, a foreign signing key, another merchant and a malformed resource are all rejected', async () => {
    const ended = { ...contract, contract_state: 'TERMINATED', change_type: 'TERMINATE' };
    const genuine = callback(sealed(ended, 'contract'), 'PAPAY.CONTRACT.TERMINATED');
    const tampered = genuine.body.replace('PAPAY.CONTRACT.TERMINATED', 'PAPAY.CONTRACT.SIGNED');
    expect(await parseWechatPayNotification(genuine.headers, tampered, context())).toMatchObject({ kind: 'rejected', code: 'BAD_SIGNATURE' });

    const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const forgedHeaders = buildWechatpaySignatureHeaders({ privateKey: stranger, serial: SERIAL, body: genuine.body, timestampSeconds: NOW_SECONDS, nonce: 'N-FORGED' });
    expect(await parseWechatPayNotification(forgedHeaders, genuine.body, context())).toMatchObject({ kind: 'rejected', code: 'BAD_SIGNATURE' });

    const foreign = callback(sealed({ ...contract, mchid: '1900009999' }, 'contract'), 'PAPAY.CONTRACT.SIGNED');
    expect(await parseWechatPayNotification(foreign.headers, foreign.body, context())).toMatchObject({ kind: 'rejected', code: 'MCHID_MISMATCH' });

    const { contract_id: _dropped, ...incomplete } = contract;
    const malformed = callback(sealed(incomplete, 'contract'), 'PAPAY.CONTRACT.SIGNED');
    expect(await parseWechatPayNotification(malformed.headers, malformed.body, context())).toMatchObject({ kind: 'rejected', code: 'INVALID_BODY' });
  });
});
