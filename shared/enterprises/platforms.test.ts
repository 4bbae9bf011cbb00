import { findPlatform, normaliseEnterpriseName, PLATFORM_ENTERPRISES, platformsOfType } from './platforms';

describe('platform enterprises directory', () => {
  it('finds a listed platform by its name or an alias, with a place before it or a branch or role after it', () => {
    expect(findPlatform('美团')?.code).toBe('meituan');
    expect(findPlatform('美团众包骑手')?.code).toBe('meituan');
    expect(findPlatform('蜂鸟即配')?.code).toBe('eleme');
    expect(findPlatform('ＥＭＳ')?.code).toBe('china-post');
    expect(findPlatform('合肥顺丰速运有限公司')?.code).toBe('sf-express');
    expect(findPlatform('顺丰速运蜀山区站')?.code).toBe('sf-express');
    expect(findPlatform('顺丰速运（合肥）有限公司')?.code).toBe('sf-express');
    expect(findPlatform('顺丰速运合肥分公司')?.code).toBe('sf-express');
    expect(findPlatform('京东快递蜀山区某某路营业部')?.code).toBe('jd-logistics');
    expect(findPlatform('t3')?.code).toBe('t3');
  });

  it('a name that begins with a platform but goes on to another firm matches only if the worker chose that platform\'s type', () => {
    for (const other of ['中通建设', '安徽中通建设有限公司', '中通客车', '曹操跑腿', '高德红外', '德邦证券', '邮政储蓄银行',
      '德邦证券股份有限公司合肥长江西路证券营业部', '中通建设集团蜀山区']) {
      expect([other, findPlatform(other, 'other')]).toEqual([other, null]);
    }
    expect(findPlatform('中通速运', 'courier')?.code).toBe('zto');
  });

  it('the longest alias wins: 京东到家 is 达达快送, 京东快递 is 京东物流', () => {
    expect(findPlatform('京东到家')?.code).toBe('dada');
    expect(findPlatform('京东快递')?.code).toBe('jd-logistics');
  });

  it('matches nothing it should not: other companies that share letters, short Latin prefixes, empty names', () => {
    expect(findPlatform('京东方')).toBeNull();
    expect(findPlatform('安达顺丰')).toBeNull();
    expect(findPlatform('sfx物流')).toBeNull();
    expect(findPlatform('Stone物流', 'courier')).toBeNull();
    expect(findPlatform('storm快送', 'courier')).toBeNull();
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
