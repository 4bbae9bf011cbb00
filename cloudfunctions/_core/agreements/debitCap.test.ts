import { individualStandard, params } from '../../../shared/policy';
import type { App } from '../app';
import { fixedClock } from '../clock';
import { debitCapFen } from './service';

/**
 * The bank contract of an auto-renewal is signed once and debits every year after: its per-debit limit leaves room
 * for the standard to rise, or a later year's debit would be refused as over the limit.
 */
describe('the per-debit limit of an auto-renewal contract', () => {
  const app = { clock: fixedClock(Date.parse('2026-11-27T02:00:00Z')) } as unknown as App;
  const standard2027 = individualStandard(params, 2027)!.standardFen;

  it('is half again the standard of the coming year, in whole yuan, so years of rises still fit', () => {
    const cap = debitCapFen(app);
    expect(cap).toBe(Math.ceil((standard2027 * 1.5) / 100) * 100);
    // Five years of 5% rises on the 2027 standard fit under it.
    expect(cap).toBeGreaterThanOrEqual(Math.round(standard2027 * 1.05 ** 5));
  });

  it('follows the setting', () => {
    process.env.DEBIT_CAP_PERCENT_OF_STANDARD = '100';
    try {
      expect(debitCapFen(app)).toBe(standard2027);
    } finally {
      delete process.env.DEBIT_CAP_PERCENT_OF_STANDARD;
    }
  });
});
