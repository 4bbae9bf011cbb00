/**
 * Invariants of the quote over generated persons (fast-check): the amounts always balance and stay within the
 * standard, a more favourable situation never costs more, a longer break never waits less, failures are always
 * the closed error shape, and percentages are rounded down in fen.
 */
import fc from 'fast-check';
import { AID_CATEGORIES, isQuoteFailure, loadParams, POLICY_ERROR_CODES, quote, RAW_PARAMS, type Quote } from '../index';
import { categoriesArb, quoteRequestArb } from './arbitraries';

const RUNS = { numRuns: 2000 };
const CHINESE = /[\u4e00-\u9fff]/;

describe('quote invariants', () => {
  test('dueFen is never negative or above the standard, and standardFen − Σ reductions = dueFen', () => {
    fc.assert(
      fc.property(quoteRequestArb, (request) => {
        const answer = quote(request);
        if (isQuoteFailure(answer)) return;
        expect(answer.dueFen).toBeGreaterThanOrEqual(0);
        expect(answer.dueFen).toBeLessThanOrEqual(answer.standardFen);
        expect(answer.standardFen - answer.reductions.reduce((sum, item) => sum + item.fen, 0)).toBe(answer.dueFen);
        for (const item of answer.reductions) expect(Number.isSafeInteger(item.fen) && item.fen > 0).toBe(true);
        expect(answer.totalFen).toBe(answer.dueFen + answer.repairFen);
      }),
      RUNS,
    );
  });

  test('benefits start inside the benefit year, never before birth, never before Jan 1 unless covered from birth', () => {
    fc.assert(
      fc.property(quoteRequestArb, (request) => {
        const answer = quote(request);
        if (isQuoteFailure(answer)) return;
        expect(answer.benefitStart <= answer.benefitEnd).toBe(true);
        expect(answer.benefitStart >= request.person.birthDate).toBe(true);
        expect(answer.benefitStart >= `${request.benefitYear}-01-01`).toBe(true);
        expect(answer.waitingMonths).toBeGreaterThanOrEqual(0);
      }),
      RUNS,
    );
  });

  test('a quote never throws; a failure has a known code and a Chinese message', () => {
    const anyRequest = fc.oneof(fc.anything(), quoteRequestArb, quoteRequestArb.map((request) => ({ ...request, benefitYear: request.benefitYear - 6 })));
    fc.assert(
      fc.property(anyRequest, (request) => {
        const answer = quote(request);
        if (!isQuoteFailure(answer)) return;
        expect(POLICY_ERROR_CODES).toContain(answer.error.code);
        expect(answer.error.message).toMatch(CHINESE);
      }),
      RUNS,
    );
  });

  test('a more favourable category never costs more: adding an aid category never raises dueFen', () => {
    fc.assert(
      fc.property(quoteRequestArb, fc.constantFrom(...AID_CATEGORIES), (request, extra) => {
        const before = quote(request);
        const after = quote({ ...request, person: { ...request.person, aidCategories: [...request.person.aidCategories, extra] } });
        if (isQuoteFailure(before) || isQuoteFailure(after)) return;
        expect(after.dueFen).toBeLessThanOrEqual(before.dueFen);
      }),
      RUNS,
    );
  });

  test('a higher-share category alone never costs more than a lower-share one', () => {
    const shares = loadParams(RAW_PARAMS)['medical-aid-share'].values[0].value;
    fc.assert(
      fc.property(quoteRequestArb, fc.constantFrom(...AID_CATEGORIES), fc.constantFrom(...AID_CATEGORIES), (request, a, b) => {
        const [low, high] = shares[a] <= shares[b] ? [a, b] : [b, a];
        const withCategory = (category: string) => quote({ ...request, person: { ...request.person, aidCategories: [category] } });
        const lowQuote = withCategory(low);
        const highQuote = withCategory(high);
        if (isQuoteFailure(lowQuote) || isQuoteFailure(highQuote)) return;
        expect(highQuote.dueFen).toBeLessThanOrEqual(lowQuote.dueFen);
      }),
      RUNS,
    );
  });

  test('qualifying for one more public measure (student, employee parent, village) never raises dueFen', () => {
    fc.assert(
      fc.property(quoteRequestArb, fc.constantFrom('student', 'parentInEmployeeInsurance', 'village'), (request, measure) => {
        const base = { ...request, person: { ...request.person, student: false, parentInEmployeeInsurance: false, villageSubsidy: undefined } };
        const more =
          measure === 'village'
            ? { ...base, person: { ...base.person, villageSubsidy: { kind: 'full' } } }
            : { ...base, person: { ...base.person, [measure]: true } };
        const before = quote(JSON.parse(JSON.stringify(base)));
        const after = quote(more);
        if (isQuoteFailure(before) || isQuoteFailure(after)) return;
        expect(after.dueFen).toBeLessThanOrEqual(before.dueFen);
      }),
      RUNS,
    );
  });

  test('more break years never wait less, and never start benefits earlier', () => {
    const withBreaks = (benefitYear: number, paymentDate: string, breaks: number) => ({
      benefitYear,
      paymentDate,
      person: { birthDate: '1970-03-01', coveredYears: Array.from({ length: benefitYear - breaks - 2020 }, (_, index) => 2020 + index) },
    });
    fc.assert(
      fc.property(
        fc.integer({ min: 2025, max: 2030 }),
        fc.integer({ min: 0, max: 486 }),
        fc.integer({ min: 0, max: 5 }),
        fc.integer({ min: 0, max: 5 }),
        (benefitYear, offset, first, second) => {
          const maxBreaks = benefitYear - 2025;
          const [fewer, more] = [Math.min(first, second, maxBreaks), Math.min(Math.max(first, second), maxBreaks)];
          const paymentDate = new Date(Date.UTC(benefitYear - 1, 8, 1 + offset)).toISOString().slice(0, 10);
          const a = quote(withBreaks(benefitYear, paymentDate, fewer));
          const b = quote(withBreaks(benefitYear, paymentDate, more));
          if (isQuoteFailure(a)) {
            // If the shorter break already leaves no benefits in the year, the longer one cannot do better.
            if (a.error.code === 'NO_BENEFIT_IN_YEAR') expect(b).toMatchObject({ error: { code: 'NO_BENEFIT_IN_YEAR' } });
            return;
          }
          if (isQuoteFailure(b)) {
            expect(b.error.code).toBe('NO_BENEFIT_IN_YEAR');
            return;
          }
          expect((b as Quote).waitingMonths).toBeGreaterThanOrEqual(a.waitingMonths);
          expect((b as Quote).benefitStart >= a.benefitStart).toBe(true);
        },
      ),
      RUNS,
    );
  });

  test('percentages are computed in fen and rounded down; the remainder stays with the payer', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), categoriesArb, (standardFen, categories) => {
        const raw = structuredClone(RAW_PARAMS) as Record<string, { values: Array<{ value: unknown }> }>;
        for (const entry of raw['standard-resident'].values) entry.value = standardFen;
        const params = loadParams(raw);
        const answer = quote({ benefitYear: 2026, paymentDate: '2025-11-01', person: { birthDate: '1980-01-01', coveredYears: [2025], aidCategories: categories } }, undefined, params);
        if (isQuoteFailure(answer)) throw new Error(answer.error.message);
        const shares = params['medical-aid-share'].values[0].value;
        const best = Math.max(0, ...categories.map((category) => shares[category]));
        expect(answer.dueFen).toBe(standardFen - Math.floor((standardFen * best) / 100));
      }),
      { numRuns: 500 },
    );
  });
});
