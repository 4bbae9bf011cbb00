import { gcmOpen } from './aesgcm';
import { buildAuthorizationHeader, parseAuthorizationHeader, signSha256Rsa } from './sign';
import { createPlatformKeyRing, verifyPlatformSignature, verifySha256Rsa } from './verify';
import * as v from './__fixtures__/wechatpayGoVectors';

const at = (seconds: number) => () => new Date(seconds * 1000);

describe('the official wechatpay-go test vectors', () => {
  test('SHA256withRSA over "source" with the SDK test key gives the SDK signature byte for byte', () => {
    expect(signSha256Rsa(v.SIGNER_MESSAGE, v.SIGNER_PRIVATE_KEY_PEM)).toBe(v.SIGNER_EXPECTED_SIGNATURE);
  });

  test('the SDK signature verifies under the SDK public key, and not for another message', () => {
    expect(verifySha256Rsa(v.SIGNER_MESSAGE, v.SIGNER_EXPECTED_SIGNATURE, v.PUBKEY_PEM)).toBe(true);
    expect(verifySha256Rsa('wrong source', v.SIGNER_EXPECTED_SIGNATURE, v.PUBKEY_PEM)).toBe(false);
    expect(verifySha256Rsa(v.SIGNER_MESSAGE, '', v.PUBKEY_PEM)).toBe(false);
    expect(verifySha256Rsa(v.SIGNER_MESSAGE, 'invalid base64 signature', v.PUBKEY_PEM)).toBe(false);
  });

  test('an Authorization header built with the SDK key carries the SDK mchid, serial and a verifiable signature', () => {
    const header = buildAuthorizationHeader({
      mchid: v.SIGNER_MCHID,
      serialNo: v.SIGNER_CERTIFICATE_SERIAL,
      privateKey: v.SIGNER_PRIVATE_KEY_PEM,
      method: 'GET',
      urlPathWithQuery: '/v3/certificates',
      body: '',
      timestampSeconds: 1554208460,
      nonce: '593BEC0C930BF1AFEB40B4A08C8FB242',
    });
    const parsed = parseAuthorizationHeader(header);
    expect(parsed).toMatchObject({ mchid: '1234567890', serial_no: 'F5765756002FDD77', timestamp: '1554208460' });
    expect(
      verifySha256Rsa('GET\n/v3/certificates\n1554208460\n593BEC0C930BF1AFEB40B4A08C8FB242\n\n', parsed!.signature, v.PUBKEY_PEM),
    ).toBe(true);
  });

  test('the SDK callback verifies in certificate mode at the SDK clock, its certificate filed under its serial', async () => {
    const keyRing = createPlatformKeyRing({ [v.NOTIFY_PLATFORM_SERIAL]: v.NOTIFY_PLATFORM_CERTIFICATE_PEM });
    const result = await verifyPlatformSignature(v.NOTIFY_HEADERS, v.NOTIFY_BODY, { keyRing, clock: at(v.NOTIFY_NOW_SECONDS) });
    expect(result).toEqual({ ok: true, serial: 'D7CE59D1F522D701', timestampSeconds: 1624523846, nonce: 'EcZ9Cmy4Xyx1i6RlJQzLcCyEqDa26NBz' });
  });

  test('the SDK callback verifies in public-key mode too, the same key given as a bare public key', async () => {
    const keyRing = createPlatformKeyRing({ [v.NOTIFY_PLATFORM_SERIAL]: v.PUBKEY_PEM });
    const result = await verifyPlatformSignature(v.NOTIFY_HEADERS, v.NOTIFY_BODY, { keyRing, clock: at(v.NOTIFY_NOW_SECONDS) });
    expect(result.ok).toBe(true);
  });

  test('a certificate filed under a serial that is not its own is refused at configuration time', () => {
    expect(() => createPlatformKeyRing({ F5765756002FDD77: v.NOTIFY_PLATFORM_CERTIFICATE_PEM })).toThrow(/serial/);
  });

  test('the SDK callback resource decrypts to the SDK plaintext', () => {
    const resource = JSON.parse(v.NOTIFY_BODY).resource;
    expect(gcmOpen(Buffer.from(v.NOTIFY_APIV3_KEY), resource.nonce, resource.associated_data, resource.ciphertext)).toEqual({
      ok: true,
      plaintext: v.NOTIFY_PLAINTEXT,
    });
  });

  test('the SDK AES-GCM vector decrypts to "Hello World"', () => {
    expect(gcmOpen(Buffer.from(v.AES_KEY), v.AES_NONCE, v.AES_ASSOCIATED_DATA, v.AES_CIPHERTEXT)).toEqual({
      ok: true,
      plaintext: v.AES_PLAINTEXT,
    });
  });

  test.each([
    ['a wrong key', 'testAPIv3Key1111', v.AES_CIPHERTEXT],
    ['a key of the wrong length', 'not a aes key', v.AES_CIPHERTEXT],
    ['a ciphertext that is not Base64', v.AES_KEY, 'invalid cipher'],
    ['a ciphertext without a valid tag', v.AES_KEY, 'SGVsbG8gV29ybGQK'],
  ])('the SDK AES-GCM vector with %s is refused', (_case, key, ciphertext) => {
    expect(gcmOpen(Buffer.from(key), v.AES_NONCE, v.AES_ASSOCIATED_DATA, ciphertext).ok).toBe(false);
  });
});
