import { findPlatform, normaliseEnterpriseName, PLATFORM_ENTERPRISES, platformsOfType } from './platforms';

describe('platform enterprises directory', () => {
  it('finds a listed platform by its name, an alias, or a name that begins with one', () => {
    expect(findPlatform('美团')?.code).toBe('meituan');
    expect(findPlatform('美团众包骑手')?.code).toBe('meituan');
    expect(findPlatform('蜂鸟即配')?.code).toBe('eleme');
    expect(findPlatform('ＥＭＳ')?.code).toBe('china-post');
    expect(findPlatform('顺丰速运（合肥）有限公司')?.code).toBe('sf-express');
    expect(findPlatform('t3')?.code).toBe('t3');
  });

  it('the longest alias wins: 京东到家 is 达达快送, 京东快递 is 京东物流', () => {
    expect(findPlatform('京东到家')?.code).toBe('dada');
    expect(findPlatform('京东快递')?.code).toBe('jd-logistics');
  });

  it('matches nothing it should not: other companies that share letters, short Latin prefixes, empty names', () => {
    expect(findPlatform('京东方')).toBeNull();
    expect(findPlatform('安达顺丰')).toBeNull();
    expect(findPlatform('sfx物流')).toBeNull();
    expect(findPlatform('有限公司')).toBeNull();
    expect(findPlatform('  ')).toBeNull();
  });

  it('has one entry per code and per spelling, so no typed name can mean two enterprises', () => {
    const codes = PLATFORM_ENTERPRISES.map((p) => p.code);
    expect(new Set(codes).size).toBe(codes.length);
    const spellings = PLATFORM_ENTERPRISES.flatMap((p) => [p.name, ...p.aliases].map(normaliseEnterpriseName));
    expect(new Set(spellings).size).toBe(spellings.length);
    expect(platformsOfType('ride-hailing').map((p) => p.name)).toContain('滴滴出行');
  });
});
