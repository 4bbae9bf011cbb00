import { concentratedPeriod, params } from '../../shared/policy';
import { baseUrl, call, login, runtimeToday } from '../support/http';
import { bankSim, wechatpaySim } from '../support/sims';

describe('local gateway HTTP contract', () => {
  it('answers /healthz with every part up', async () => {
    const res = await fetch(`${baseUrl()}/healthz`);
    const body = (await res.json()) as { status: string; parts: Record<string, boolean>; functions: string[] };
    expect(res.status).toBe(200);
    expect(body.status).toBe('ok');
    expect(Object.values(body.parts).every(Boolean)).toBe(true);
    expect(body.functions).toEqual(expect.arrayContaining(['me', 'bindIdentity', 'relatives', 'coverage']));
  });

  it('keeps one business day: the functions and both channel simulators agree, inside the 2027 collection period', async () => {
    const today = await runtimeToday();
    // The suite pays and signs for the year being collected: npm test pins the runtime's day (scripts/test-all.ts).
    const period = concentratedPeriod(params, 2027)!;
    expect(today >= period.start && today <= period.end).toBe(true);
    expect((await bankSim('/clock')).today).toBe(today);
    expect((await wechatpaySim('/health')).today).toBe(today);
  });

  it('serves the h5 app at /', async () => {
    const res = await fetch(`${baseUrl()}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
  });

  it('logs in locally and takes the identity from the token, not the body', async () => {
    const token = await login('demo-resident');
    const { status, body } = await call('me', {}, token);
    expect(status).toBe(200);
    expect(body).toMatchObject({ ok: true, data: { bound: true, person: { name: '张伟', idNumberMasked: '3401**********3412' } } });
    const fresh = await login('fresh-caller');
    // WeChat's own userInfo field is ignored, and an OPENID in the body is not an input any function takes.
    const spoofed = await call('me', { userInfo: { openId: 'demo-resident' } }, fresh);
    expect(spoofed.body).toMatchObject({ ok: true, data: { bound: false } });
    expect((await call('me', { OPENID: 'demo-resident' }, fresh)).body).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });

  it('refuses a call without a token, or with a forged one', async () => {
    expect(await call('me', {})).toMatchObject({ status: 401, body: { ok: false, error: { code: 'UNAUTHENTICATED' } } });
    const forged = `${Buffer.from('demo-resident').toString('base64url')}.AAAA`;
    expect(await call('me', {}, forged)).toMatchObject({ status: 401, body: { error: { code: 'UNAUTHENTICATED' } } });
  });

  it('refuses an unknown function, malformed JSON and a body over 1 MB with stable codes', async () => {
    const token = await login('demo-resident');
    expect(await call('nope', {}, token)).toMatchObject({ status: 404, body: { error: { code: 'UNKNOWN_FUNCTION' } } });
    // Channel callbacks have their own route; through /api/fn they do not exist.
    for (const fn of ['wechatpayNotify', 'bankNotify']) expect(await call(fn, { body: '{}', headers: {} }, token)).toMatchObject({ status: 404, body: { error: { code: 'UNKNOWN_FUNCTION' } } });
    expect(await call('me', '{"broken', token)).toMatchObject({ status: 400, body: { error: { code: 'INVALID_INPUT' } } });
    const huge = JSON.stringify({ name: '王芳', idNumber: 'x'.repeat(1024 * 1024) });
    expect(await call('bindIdentity', huge, token)).toMatchObject({ status: 413, body: { error: { code: 'PAYLOAD_TOO_LARGE' } } });
  });

  it('refuses a dev login with a malformed openid', async () => {
    const res = await fetch(`${baseUrl()}/api/dev/login`, { method: 'POST', body: JSON.stringify({ openid: '../../etc' }) });
    expect(res.status).toBe(400);
  });

  it('shows the demo household through HTTP with ID numbers masked', async () => {
    const { body } = await call('coverage', {}, await login('demo-resident'));
    expect(body.ok).toBe(true);
    expect(body.data.people).toHaveLength(4);
    expect(JSON.stringify(body)).not.toMatch(/\d{17}[\dX]/);
  });
});
