/**
 * parseQuoteRequest lets plainly valid requests through a hand-written fast path before zod (see request.ts).
 * The schema is the authority, so for any input the answer must be exactly what zod alone would say.
 */
import fc from 'fast-check';
import { parseQuoteRequest, QuoteRequestSchema } from '../index';
import { quoteRequestArb } from './arbitraries';

/** Valid requests with one field bent out of shape: the inputs where a loose fast path would slip. */
const bentRequestArb = fc
  .tuple(
    quoteRequestArb,
    fc.constantFrom('benefitYear', 'paymentDate', 'repairYears', 'extra', 'person.birthDate', 'person.coveredYears', 'person.student', 'person.aidCategories', 'person.villageSubsidy', 'person.extra', 'person.aidCertifiedDate'),
    fc.oneof(fc.anything(), fc.constantFrom(-1, 2.5, 1899, 2201, '2025-02-29', '2024-02-29', '2025-1-01', [], {}, null, undefined, ['dibao'], [2025, 2025.5], { kind: 'fixed' }, { kind: 'full', fen: 1 }, true)),
  )
  .map(([request, field, value]) => {
    const bent: Record<string, unknown> = JSON.parse(JSON.stringify(request));
    const [head, tail] = field.split('.');
    if (tail === undefined) bent[head] = value;
    else (bent.person as Record<string, unknown>)[tail] = value;
    return bent;
  });

describe('the fast path of parseQuoteRequest agrees with the zod schema', () => {
  test.each([
    ['generated valid requests', quoteRequestArb],
    ['requests with one field bent', bentRequestArb],
    ['anything at all', fc.anything()],
  ] as const)('%s', (_name, arbitrary) => {
    fc.assert(
      fc.property(arbitrary as fc.Arbitrary<unknown>, (input) => {
        const zod = QuoteRequestSchema.safeParse(input);
        const ours = parseQuoteRequest(input);
        expect(ours.ok).toBe(zod.success);
        if (ours.ok && zod.success) expect(ours.value).toEqual(zod.data);
      }),
      { numRuns: 3000 },
    );
  });
});
