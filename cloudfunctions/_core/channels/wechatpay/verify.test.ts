import { generateKeyPairSync } from 'node:crypto';
import {
  buildAuthorizationHeader,
  buildRequestMessage,
  buildRequestPaymentParams,
  buildWechatpaySignatureHeaders,
  parseAuthorizationHeader,
} from './sign';
import {
  createMemoryNonceGuard,
  createPlatformKeyRing,
  verifyPaySign,
  verifyPlatformSignature,
  verifyRequestAuthorization,
  type PlatformKeyRing,
} from './verify';

const pair = () =>
  generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });

const platform = pair();
const stranger = pair();
const merchant = pair();
const SERIAL = '5157F09EFDC096DE15EBE81A47057A7232F1B8E1';
const PUB_KEY_ID = 'PUB_KEY_ID_0114232134912410000000000000000001';
const NOW_SECONDS = 1_767_225_600; // 2026-01-01T08:00:00+08:00
const clock = () => new Date(NOW_SECONDS * 1000);
const BODY = '{"id":"EV-1","amount":{"total":40000}}';

let keyRing: PlatformKeyRing;
beforeAll(() => {
  keyRing = createPlatformKeyRing({ [SERIAL]: platform.publicKey, [PUB_KEY_ID]: platform.publicKey });
});

const signed = (overrides: { body?: string; serial?: string; timestampSeconds?: number; nonce?: string; key?: string } = {}) =>
  buildWechatpaySignatureHeaders({
    privateKey: overrides.key ?? platform.privateKey,
    serial: overrides.serial ?? SERIAL,
    body: overrides.body ?? BODY,
    timestampSeconds: overrides.timestampSeconds ?? NOW_SECONDS,
    nonce: overrides.nonce ?? 'NONCE-0001',
  });

describe('signing a request', () => {
  test('the message is METHOD, path with query, timestamp, nonce and body, each followed by a newline', () => {
    expect(buildRequestMessage('get', '/v3/pay/transactions/out-trade-no/A1?mchid=1900000001', 1700000000, 'N1', '').toString()).toBe(
      'GET\n/v3/pay/transactions/out-trade-no/A1?mchid=1900000001\n1700000000\nN1\n\n',
    );
  });

  test('the Authorization header has the WECHATPAY2-SHA256-RSA2048 schema and all five fields, and the platform side accepts it', () => {
    const header = buildAuthorizationHeader({
      mchid: '1900000001',
      serialNo: 'ABC123',
      privateKey: merchant.privateKey,
      method: 'POST',
      urlPathWithQuery: '/v3/pay/transactions/jsapi',
      body: BODY,
      timestampSeconds: NOW_SECONDS,
      nonce: 'N2',
    });
    expect(header).toMatch(/^WECHATPAY2-SHA256-RSA2048 mchid="1900000001",nonce_str="N2",signature="[^"]+",timestamp="\d+",serial_no="ABC123"$/);
    expect(parseAuthorizationHeader(header)?.serial_no).toBe('ABC123');
    const merchants = [{ mchid: '1900000001', serialNo: 'ABC123', publicKey: merchant.publicKey }];
    const request = { authorization: header, method: 'POST', urlPathWithQuery: '/v3/pay/transactions/jsapi', body: BODY };
    expect(verifyRequestAuthorization(request, merchants, clock())).toEqual({ ok: true, mchid: '1900000001' });
    expect(verifyRequestAuthorization({ ...request, body: `${BODY} ` }, merchants, clock()).ok).toBe(false);
    expect(verifyRequestAuthorization({ ...request, urlPathWithQuery: '/v3/refund/domestic/refunds' }, merchants, clock()).ok).toBe(false);
    expect(verifyRequestAuthorization(request, merchants, new Date((NOW_SECONDS + 301) * 1000)).ok).toBe(false);
    expect(verifyRequestAuthorization({ ...request, authorization: undefined }, merchants, clock()).ok).toBe(false);
  });

  test('requestPayment carries package=prepay_id=..., signType RSA and a paySign over appId, timeStamp, nonceStr, package', () => {
    const params = buildRequestPaymentParams({
      appid: 'wx8888888888888888',
      prepayId: 'wx201410272009395522657a690389285100',
      privateKey: merchant.privateKey,
      timestampSeconds: 1414561699,
      nonce: '5K8264ILTKCH16CQ2502SI8ZNMTM67VS',
    });
    expect(params).toMatchObject({
      appId: 'wx8888888888888888',
      timeStamp: '1414561699',
      nonceStr: '5K8264ILTKCH16CQ2502SI8ZNMTM67VS',
      package: 'prepay_id=wx201410272009395522657a690389285100',
      signType: 'RSA',
    });
    expect(verifyPaySign(params, merchant.publicKey)).toBe(true);
    expect(verifyPaySign({ ...params, package: 'prepay_id=wx-other' }, merchant.publicKey)).toBe(false);
  });
});

describe('verifying what the platform sends', () => {
  const verify = (headers: Record<string, string>, body = BODY, rememberNonce = createMemoryNonceGuard()) =>
    verifyPlatformSignature(headers, body, { keyRing, clock, rememberNonce });

  test('a genuine message verifies under the certificate serial and under the public-key id', async () => {
    expect(await verify(signed())).toMatchObject({ ok: true, serial: SERIAL });
    expect(await verify(signed({ serial: PUB_KEY_ID }))).toMatchObject({ ok: true, serial: PUB_KEY_ID });
  });

  test('header names are matched without regard to case, as Node lower-cases them', async () => {
    const lower = Object.fromEntries(Object.entries(signed()).map(([name, value]) => [name.toLowerCase(), value]));
    expect((await verify(lower)).ok).toBe(true);
  });

  test('a tampered body is rejected as BAD_SIGNATURE', async () => {
    expect(await verify(signed(), BODY.replace('40000', '1'))).toMatchObject({ ok: false, code: 'BAD_SIGNATURE' });
  });

  test('a body re-serialised with different spacing is rejected: verification is over the raw bytes', async () => {
    expect(await verify(signed(), JSON.stringify(JSON.parse(BODY), null, 1))).toMatchObject({ ok: false, code: 'BAD_SIGNATURE' });
  });

  test('a signature made with a key we do not trust is rejected as BAD_SIGNATURE', async () => {
    expect(await verify(signed({ key: stranger.privateKey }))).toMatchObject({ ok: false, code: 'BAD_SIGNATURE' });
  });

  test('an unknown serial is rejected as UNKNOWN_SERIAL', async () => {
    expect(await verify(signed({ serial: 'FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF' }))).toMatchObject({ ok: false, code: 'UNKNOWN_SERIAL' });
    expect(await verify(signed({ serial: 'PUB_KEY_ID_0000' }))).toMatchObject({ ok: false, code: 'UNKNOWN_SERIAL' });
  });

  test('a timestamp 301 s away either way is STALE_TIMESTAMP; exactly 300 s is still accepted', async () => {
    expect(await verify(signed({ timestampSeconds: NOW_SECONDS - 301 }))).toMatchObject({ ok: false, code: 'STALE_TIMESTAMP' });
    expect(await verify(signed({ timestampSeconds: NOW_SECONDS + 301 }))).toMatchObject({ ok: false, code: 'STALE_TIMESTAMP' });
    expect((await verify(signed({ timestampSeconds: NOW_SECONDS - 300 }))).ok).toBe(true);
  });

  test('the same nonce offered twice is REPLAYED_NONCE the second time', async () => {
    const guard = createMemoryNonceGuard();
    expect((await verify(signed(), BODY, guard)).ok).toBe(true);
    expect(await verify(signed(), BODY, guard)).toMatchObject({ ok: false, code: 'REPLAYED_NONCE' });
  });

  test('a forged message does not burn the nonce of the genuine one', async () => {
    const guard = createMemoryNonceGuard();
    expect((await verify(signed({ key: stranger.privateKey }), BODY, guard)).ok).toBe(false);
    expect((await verify(signed(), BODY, guard)).ok).toBe(true);
  });

  test('missing headers are MISSING_SIGNATURE_HEADERS', async () => {
    const { 'Wechatpay-Signature': _dropped, ...rest } = signed();
    expect(await verify(rest)).toMatchObject({ ok: false, code: 'MISSING_SIGNATURE_HEADERS' });
  });

  test("WeChat's probe signatures (WECHATPAY/SIGNTEST/...) are rejected", async () => {
    expect(await verify({ ...signed(), 'Wechatpay-Signature': 'WECHATPAY/SIGNTEST/abcdef' })).toMatchObject({ ok: false, code: 'BAD_SIGNATURE' });
  });

  test('the verifier reads fetch Headers as well as plain objects', async () => {
    expect((await verify(new Headers(signed()) as unknown as Record<string, string>)).ok).toBe(true);
  });
});
