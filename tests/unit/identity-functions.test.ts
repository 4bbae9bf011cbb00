import { useFreshLocalEnv } from '../support/localEnv';
import { storeFingerprint } from '../support/fingerprint';

const dataDir = useFreshLocalEnv();

/* eslint-disable @typescript-eslint/no-require-imports */
const { main: me } = require('../../cloudfunctions/me/index') as typeof import('../../cloudfunctions/me/index');
const { main: bindIdentity } = require('../../cloudfunctions/bindIdentity/index') as typeof import('../../cloudfunctions/bindIdentity/index');
const { main: relatives } = require('../../cloudfunctions/relatives/index') as typeof import('../../cloudfunctions/relatives/index');
const { main: coverage } = require('../../cloudfunctions/coverage/index') as typeof import('../../cloudfunctions/coverage/index');
const { main: benefitStatus } = require('../../cloudfunctions/benefitStatus/index') as typeof import('../../cloudfunctions/benefitStatus/index');
const { sharedApp } = require('../../cloudfunctions/_core/app') as typeof import('../../cloudfunctions/_core/app');
const { seedDemo } = require('../../cloudfunctions/_core/demo/seed') as typeof import('../../cloudfunctions/_core/demo/seed');

const as = (openid: string) => ({ OPENID: openid });
const WANG_FANG = { name: '王芳', idNumber: '340104199002142468' };

beforeAll(async () => {
  await seedDemo(await sharedApp());
});

describe('identity', () => {
  it('an unknown caller without a context is refused', async () => {
    expect(await me({}, {})).toEqual({ ok: false, error: { code: 'UNAUTHENTICATED', message: '请先登录' } });
  });

  it('a new account starts unbound, as a resident', async () => {
    expect(await me({}, as('new-user'))).toEqual({ ok: true, data: { bound: false, person: null, roles: ['resident'] } });
  });

  it('refuses a wrong check digit with a Chinese message and binds nothing', async () => {
    const before = storeFingerprint(dataDir);
    const result = await bindIdentity({ name: '王芳', idNumber: '340104199002142469' }, as('new-user'));
    expect(result).toEqual({ ok: false, error: { code: 'INVALID_INPUT', message: '身份证号码校验位不正确，请核对后重新输入' } });
    expect(storeFingerprint(dataDir)).toBe(before);
  });

  it('refuses a name that does not match the registry', async () => {
    const result = await bindIdentity({ name: '王小芳', idNumber: WANG_FANG.idNumber }, as('new-user'));
    expect(result.ok === false && result.error.code).toBe('REGISTRY_MISMATCH');
  });

  it('binds a registry person, masks the ID number, and is idempotent', async () => {
    const first = await bindIdentity(WANG_FANG, as('new-user'));
    expect(first.ok && first.data.person).toMatchObject({ name: '王芳', idNumberMasked: '3401**********2468', birthDate: '1990-02-14', sex: 'F' });
    expect(JSON.stringify(first)).not.toContain(WANG_FANG.idNumber);
    expect(await bindIdentity(WANG_FANG, as('new-user'))).toEqual(first);
  });

  it('refuses a second identity on the same account, and the same identity on another account', async () => {
    const other = await bindIdentity({ name: '赵敏', idNumber: '340104197812251843' }, as('new-user'));
    expect(other.ok === false && other.error.code).toBe('ALREADY_BOUND');
    const takeover = await bindIdentity(WANG_FANG, as('someone-else'));
    expect(takeover.ok === false && takeover.error.code).toBe('CONFLICT');
  });
});

describe('relatives', () => {
  it('requires a bound identity first', async () => {
    const result = await relatives({ action: 'list' }, as('unbound-user'));
    expect(result.ok === false && result.error.code).toBe('NOT_BOUND');
  });

  it('verifies a mother against the registry', async () => {
    const result = await relatives({ action: 'add', name: '陈秀英', idNumber: '340104196209301282', relation: 'parent' }, as('new-user'));
    expect(result.ok && result.data.relatives).toEqual([
      expect.objectContaining({ relation: 'parent', verified: true, person: expect.objectContaining({ name: '陈秀英' }) }),
    ]);
  });

  it('keeps an unconfirmed relation unverified, with a reason', async () => {
    const result = await relatives({ action: 'add', name: '赵敏', idNumber: '340104197812251843', relation: 'sibling' }, as('new-user'));
    const zhao = result.ok ? result.data.relatives.find((r) => r.person.name === '赵敏') : undefined;
    expect(zhao).toMatchObject({ verified: false, verifyNote: expect.stringContaining('未查到该亲属关系') });
  });

  it('tells an unconfirmed link nothing about the person: no coverage, no benefit status', async () => {
    // Anyone can type a name and an ID number; until the registry confirms the relation, the card is all they get.
    const listed = await relatives({ action: 'list' }, as('new-user'));
    const zhao = listed.ok ? listed.data.relatives.find((r) => r.person.name === '赵敏')! : undefined;
    const years = await coverage({}, as('new-user'));
    expect(years.ok && years.data.people.map((p) => p.person.name)).toEqual(['王芳', '陈秀英']);
    expect(await benefitStatus({ personId: zhao!.person.personId }, as('new-user'))).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('refuses the same relative twice and oneself as a relative', async () => {
    const again = await relatives({ action: 'add', name: '陈秀英', idNumber: '340104196209301282', relation: 'parent' }, as('new-user'));
    expect(again.ok === false && again.error.code).toBe('CONFLICT');
    const self = await relatives({ action: 'add', ...WANG_FANG, relation: 'sibling' }, as('new-user'));
    expect(self.ok === false && self.error.code).toBe('INVALID_INPUT');
  });

  it("answers NOT_FOUND for another user's link, and changes nothing", async () => {
    const demo = await relatives({ action: 'list' }, as('demo-resident'));
    const someoneElsesLink = demo.ok ? demo.data.relatives[0].linkId : 'missing';
    const before = storeFingerprint(dataDir);
    const result = await relatives({ action: 'remove', linkId: someoneElsesLink }, as('new-user'));
    expect(result.ok === false && result.error.code).toBe('NOT_FOUND');
    expect(storeFingerprint(dataDir)).toBe(before);
  });

  it('does not show or take another name for someone outside the registry that another user added first', async () => {
    const outsider = { idNumber: '110101199003074514', relation: 'sibling' as const };
    const first = await relatives({ action: 'add', name: '张三', ...outsider }, as('new-user'));
    expect(first.ok && first.data.relatives.find((r) => r.person.name === '张三')).toMatchObject({ verified: false });
    const other = await relatives({ action: 'add', name: '李四', ...outsider }, as('demo-resident'));
    expect(other).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(JSON.stringify(other)).not.toContain('张三');
    const removed = await relatives({ action: 'remove', linkId: first.ok ? first.data.relatives.find((r) => r.person.name === '张三')!.linkId : '' }, as('new-user'));
    expect(removed.ok).toBe(true);
  });

  it('removes one of my own links', async () => {
    const list = await relatives({ action: 'list' }, as('new-user'));
    const zhao = list.ok ? list.data.relatives.find((r) => r.person.name === '赵敏')! : undefined;
    const result = await relatives({ action: 'remove', linkId: zhao!.linkId }, as('new-user'));
    expect(result.ok && result.data.relatives.map((r) => r.person.name)).toEqual(['陈秀英']);
  });
});

describe('coverage (我的参保)', () => {
  it('shows the demo household with this and next year, the ID numbers masked', async () => {
    const result = await coverage({}, as('demo-resident'));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.data.today).toBe('2026-11-26');
    expect(result.data.people.map((p) => [p.person.name, p.relation, p.verified])).toEqual([
      ['张伟', 'self', true],
      ['李娜', 'spouse', true],
      ['张子涵', 'child', true],
      ['张建国', 'parent', true],
    ]);
    const zhangWei = result.data.people[0];
    expect(zhangWei.years.map((y) => [y.benefitYear, y.state])).toEqual([
      [2026, 'ENROLLED'],
      [2027, 'DUE'],
    ]);
    expect(JSON.stringify(result)).not.toMatch(/\d{17}[\dX]/);
  });

  it("takes a newly bound person's years of coverage from the registry: enrolled in 我的参保, insured at the hospital", async () => {
    // 孙丽 (H-DEMO-4): the registry import says she was covered in 2025 and 2026, before she ever used the service.
    const bound = await bindIdentity({ name: '孙丽', idNumber: '340104198004093220' }, as('registry-covered'));
    if (!bound.ok) throw new Error(JSON.stringify(bound));
    const years = await coverage({}, as('registry-covered'));
    expect(years.ok && years.data.people[0].years.map((y) => [y.benefitYear, y.state])).toEqual([[2026, 'ENROLLED'], [2027, 'DUE']]);
    const status = await benefitStatus({ personId: bound.data.person.personId, date: '2026-06-01' }, as('registry-covered'));
    expect(status).toMatchObject({ ok: true, data: { benefitYear: 2026, status: 'active' } });
  });

  it('prices a 低保 parent with the medical-aid reduction', async () => {
    const result = await coverage({}, as('demo-resident'));
    const father = result.ok ? result.data.people.find((p) => p.person.name === '张建国')! : undefined;
    const next = father!.years[1];
    expect(next.state).toBe('DUE');
    expect(next.reductions.length).toBeGreaterThan(0);
    expect(next.dueFen).toBeLessThan(next.standardFen!);
  });
});
