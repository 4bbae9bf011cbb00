import fc from 'fast-check';
import { FUNCTION_INPUTS } from '../../shared/api/contract';
import { ERROR_CODES } from '../../shared/api/errors';
import { storeFingerprint } from '../support/fingerprint';
import { useFreshLocalEnv } from '../support/localEnv';

const dataDir = useFreshLocalEnv();

/* eslint-disable @typescript-eslint/no-require-imports */
type Main = (e: unknown, c: unknown) => Promise<{ ok: boolean; error?: { code: string; message: string } }>;
// Functions whose inputs live with their feature until the mini-program needs them in the shared contract.
const { SavingsInput, EnterpriseRatesInput } = require('../../cloudfunctions/_core/savings/contract') as typeof import('../../cloudfunctions/_core/savings/contract');
const INPUTS = { ...FUNCTION_INPUTS, savings: SavingsInput, enterpriseRates: EnterpriseRatesInput };
type Name = keyof typeof INPUTS;
/** Every function the contract lists, loaded from its folder: a new function is covered without editing this test. */
const mains = Object.fromEntries(
  (Object.keys(INPUTS) as Name[]).map((name) => [name, (require(`../../cloudfunctions/${name}/index`) as { main: Main }).main]),
) as Record<Name, Main>;
const { sharedApp } = require('../../cloudfunctions/_core/app') as typeof import('../../cloudfunctions/_core/app');
const { seedDemo } = require('../../cloudfunctions/_core/demo/seed') as typeof import('../../cloudfunctions/_core/demo/seed');

const CALLER = { OPENID: 'demo-resident' };

/** About 10 KB of JSON nested 5,000 deep: small enough to pass the size limit, deep enough to overflow a recursive reader. */
const deeplyNested = (depth: number): unknown => {
  let value: unknown = [];
  for (let i = 0; i < depth; i += 1) value = [value];
  return { action: 'list', x: value };
};
const HAS_CJK = /[\u4e00-\u9fff]/;

/** Inputs a careless or hostile client sends: wrong types, missing fields, huge strings, bad ID numbers. */
const hostileEvent = fc.oneof(
  fc.anything(),
  fc.record({ action: fc.constantFrom('list', 'add', 'remove', 'delete', ''), name: fc.anything(), idNumber: fc.anything() }, { requiredKeys: [] }),
  fc.record({
    name: fc.string({ maxLength: 40 }),
    idNumber: fc.oneof(fc.stringMatching(/^\d{17}[\dX]$/), fc.string({ maxLength: 25 })),
    relation: fc.oneof(fc.constantFrom('spouse', 'cousin', 'friend'), fc.string()),
    action: fc.constant('add'),
  }),
  fc.record({ action: fc.constant('remove'), linkId: fc.oneof(fc.string({ maxLength: 80 }), fc.integer()) }),
  fc.constant({ name: '王芳', idNumber: 'x'.repeat(1024 * 1024) }),
  fc.constant({ action: 'list', openid: 'someone-else', personId: 'per_not_mine' }),
  fc.constant(deeplyNested(5000)),
);

beforeAll(async () => {
  await seedDemo(await sharedApp());
});

describe.each(Object.keys(mains) as Name[])('%s refuses bad input and changes nothing', (name) => {
  it('answers a stable error code with a Chinese message for every input its schema refuses', async () => {
    await fc.assert(
      fc.asyncProperty(hostileEvent, async (event) => {
        const valid = (INPUTS[name] as { safeParse: (x: unknown) => { success: boolean } }).safeParse(event).success;
        fc.pre(!valid);
        const before = storeFingerprint(dataDir);
        const result = await mains[name](event, CALLER);
        expect(result.ok).toBe(false);
        expect(ERROR_CODES).toContain(result.error!.code);
        expect(['INVALID_INPUT', 'PAYLOAD_TOO_LARGE']).toContain(result.error!.code);
        expect(result.error!.message).toMatch(HAS_CJK);
        expect(storeFingerprint(dataDir)).toBe(before);
      }),
      { numRuns: 150 },
    );
  });
});
