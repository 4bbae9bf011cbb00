import { signingSessionClosed } from './wechatContracts';

describe('a WeChat signing session', () => {
  it('counts from its last opening: re-opened (继续签约) near the end of the first, it stays open its full length again', () => {
    const created = '2026-11-27T00:00:00.000Z';
    const reopened = '2026-11-27T01:40:00.000Z';
    const twoHours = 2 * 3600_000;
    const at = (iso: string) => Date.parse(iso);
    expect(signingSessionClosed({ createdAt: created, updatedAt: reopened }, twoHours, at('2026-11-27T02:30:00.000Z'))).toBe(false);
    expect(signingSessionClosed({ createdAt: created, updatedAt: reopened }, twoHours, at('2026-11-27T03:41:00.000Z'))).toBe(true);
    expect(signingSessionClosed({ createdAt: created, updatedAt: created }, twoHours, at('2026-11-27T02:30:00.000Z'))).toBe(true);
  });
});
