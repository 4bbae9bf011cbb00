/**
 * Runs every policy case table (tests/cases/*.cases.ts) through the public quote function. Besides what each case
 * states, every answered quote must balance: standardFen − Σ reductions = dueFen.
 */
import { isQuoteFailure, quote } from '../index';
import { QUOTE_CASES } from './cases';

describe.each(Object.entries(QUOTE_CASES))('%s', (_topic, cases) => {
  test.each(cases.map((policyCase) => [policyCase.name, policyCase] as const))('%s', (_name, policyCase) => {
    const answer = quote(policyCase.request, policyCase.today);
    expect(answer).toMatchObject(policyCase.expect);
    if (!isQuoteFailure(answer)) {
      const reducedFen = answer.reductions.reduce((sum, item) => sum + item.fen, 0);
      expect(answer.standardFen - reducedFen).toBe(answer.dueFen);
    }
  });
});
