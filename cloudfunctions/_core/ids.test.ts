import { fixedClock } from './clock';
import { idSource } from './ids';

describe('ids', () => {
  it('sort in creation order, even within one millisecond', () => {
    const clock = fixedClock(Date.parse('2026-11-26T00:00:00Z'));
    const next = idSource(clock);
    const ids = Array.from({ length: 1000 }, (_, i) => {
      if (i % 100 === 0) clock.advance(1);
      return next('ord');
    });
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('fit WeChat Pay out_trade_no rules: 6-32 characters of letters, digits and underscore', () => {
    const id = idSource(fixedClock(Date.now()))('ord');
    expect(id).toMatch(/^[A-Za-z0-9_]{6,32}$/);
  });
});
