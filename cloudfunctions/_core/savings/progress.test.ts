import { inShortfallWindow, reservedFen, savingsProgress, withdrawableFen } from './progress';
import { mergeByEnterprise, rateBp, rateLabel, rateYears, resolveEnterprise } from './enterprises';

describe('progress toward the premium', () => {
  it('counts savings up to the premium and rounds the percentage down (399.99 of 400 yuan is 99%)', () => {
    expect(savingsProgress(39_999, 40_000, false)).toEqual({ progressFen: 39_999, progressPercent: 99, shortfallFen: 1 });
    expect(savingsProgress(10_000, 40_000, false)).toEqual({ progressFen: 10_000, progressPercent: 25, shortfallFen: 30_000 });
  });

  it('never counts more than the premium: the rest is the worker’s', () => {
    expect(savingsProgress(50_000, 40_000, false)).toEqual({ progressFen: 40_000, progressPercent: 100, shortfallFen: 0 });
  });

  it('a paid year, or one with nothing to pay, is complete', () => {
    expect(savingsProgress(0, 40_000, true)).toEqual({ progressFen: 40_000, progressPercent: 100, shortfallFen: 0 });
    expect(savingsProgress(0, 0, false)).toEqual({ progressFen: 0, progressPercent: 100, shortfallFen: 0 });
  });
});

describe('what may be withdrawn (D17: "any saved balance beyond the premium stays theirs and is withdrawable")', () => {
  it('keeps back the unpaid premium while the plan is live', () => {
    expect(withdrawableFen(50_000, reservedFen(50_000, 40_000, false, true))).toBe(10_000);
    expect(withdrawableFen(30_000, reservedFen(30_000, 40_000, false, true))).toBe(0);
  });

  it('frees everything once the year is paid or the plan has ended', () => {
    expect(withdrawableFen(10_000, reservedFen(10_000, 40_000, true, true))).toBe(10_000);
    expect(withdrawableFen(30_000, reservedFen(30_000, 40_000, false, false))).toBe(30_000);
  });

  it('keeps nothing back for a year that cannot be paid', () => {
    expect(reservedFen(30_000, null, false, true)).toBe(0);
  });
});

describe('the shortfall window before the period ends', () => {
  it('opens lead days before the last day and closes after it', () => {
    expect(inShortfallWindow('2026-12-16', '2026-12-31', 14)).toBe(false);
    expect(inShortfallWindow('2026-12-17', '2026-12-31', 14)).toBe(true);
    expect(inShortfallWindow('2026-12-31', '2026-12-31', 14)).toBe(true);
    expect(inShortfallWindow('2027-01-01', '2026-12-31', 14)).toBe(false);
  });
});

describe('enterprise rates', () => {
  it('open on the year being collected during its period, and on the current year after it (not on a year hardly begun)', () => {
    expect(rateYears('2026-11-27')).toEqual([2027, 2026]);
    expect(rateYears('2026-12-31')).toEqual([2027, 2026]);
    expect(rateYears('2027-01-07')).toEqual([2027, 2028]);
    expect(rateYears('2027-06-30')).toEqual([2027, 2028]);
  });

  it('are basis points rounded down, labelled with one decimal', () => {
    expect(rateBp(2, 3)).toBe(6666);
    expect(rateLabel(6666)).toBe('66.6%');
    expect(rateBp(0, 0)).toBe(0);
    expect(rateLabel(10_000)).toBe('100.0%');
  });

  it('a listed platform is one enterprise however it is typed, under its own name and type', () => {
    expect(resolveEnterprise('other', ' 美团外卖 ')).toEqual({ enterpriseKey: 'platform:meituan', enterpriseName: '美团', enterpriseType: 'food-delivery' });
    expect(resolveEnterprise('courier', '顺丰速运有限公司合肥分公司').enterpriseKey).toBe(resolveEnterprise('courier', 'ＳＦ').enterpriseKey);
  });

  it('a name outside the list is kept as typed; spacing, punctuation and full-width letters do not split it', () => {
    expect(resolveEnterprise('other', '同城 跑腿（合肥）')).toEqual({ enterpriseKey: 'other:同城跑腿合肥', enterpriseName: '同城 跑腿(合肥)', enterpriseType: 'other' });
    // Place names are kept: two firms of one trade name in different places stay apart.
    expect(resolveEnterprise('other', '合肥小象物流').enterpriseKey).not.toBe(resolveEnterprise('other', '安徽小象物流').enterpriseKey);
    expect(resolveEnterprise('courier', 'ＡＢ速运').enterpriseKey).toBe(resolveEnterprise('courier', 'ab 速运').enterpriseKey);
    expect(resolveEnterprise('courier', '小象速运').enterpriseKey).not.toBe(resolveEnterprise('food-delivery', '小象速运').enterpriseKey);
  });

  it('counts stored under older spellings are summed into the enterprise they mean', () => {
    const row = (enterpriseKey: string, enterpriseName: string, workers: number, enrolled: number) =>
      ({ enterpriseKey, enterpriseName, enterpriseType: 'food-delivery' as const, workers, enrolled });
    expect(mergeByEnterprise([row('food-delivery:美团外卖', '美团外卖', 3, 1), row('food-delivery:美团', '美团', 2, 2), row('food-delivery:小象', '小象', 1, 0)])).toEqual([
      { enterpriseKey: 'food-delivery:小象', enterpriseName: '小象', enterpriseType: 'food-delivery', workers: 1, enrolled: 0 },
      { enterpriseKey: 'platform:meituan', enterpriseName: '美团', enterpriseType: 'food-delivery', workers: 5, enrolled: 3 },
    ]);
  });
});
