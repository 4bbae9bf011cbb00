import { isDeepStrictEqual } from 'node:util';
import { readFixture, runScenario, type Exchange } from './fixtures/fixtureFile';
import { FIXTURE_ENV, FIXTURE_SECRET_ID, SCENARIOS } from './fixtures/scenarios';
import { startCloudbaseHttp, type CapturedRequest } from './testing/httpHarness';
import { skipSdkMetadataProbe } from './testing/sdkEnvironment';
import { requestShape } from './testing/wire';

/**
 * Replays the recorded fixtures (fixtures/*.json, see fixtures/README.md): a local server answers each
 * request with the recorded envelope of the first unused exchange whose request has the same shape, so
 * the test fails when the adapter sends a request of another shape, sends one too many or too few, or
 * maps an answer (a document, an E11000 error, a conflict) to something other than the recorded outcome.
 * Volatile parts (timestamps, sequence ids, signatures) are not compared; their presence is.
 */
let restoreEnv: () => void;
beforeAll(() => {
  restoreEnv = skipSdkMetadataProbe();
});
afterAll(() => restoreEnv());

function expectSignedCloudbaseRequest(req: CapturedRequest) {
  expect(req.method).toBe('POST');
  expect(req.url).toMatch(new RegExp(`^/admin\\?env=${FIXTURE_ENV}&seqId=[0-9a-f]+_[0-9a-f]+$`));
  expect(req.headers.authorization).toMatch(
    new RegExp(`^TC3-HMAC-SHA256 Credential=${FIXTURE_SECRET_ID}/\\d{4}-\\d{2}-\\d{2}/tcb/tc3_request, SignedParams=[a-z_;]+, SignedHeaders=[a-z;-]+, Signature=[0-9a-f]{64}$`),
  );
  expect(req.headers['x-signature-expires']).toBe('600');
  expect(req.headers['x-timestamp']).toMatch(/^\d{10}$/);
  expect(req.headers['content-type']).toBe('application/json');
  expect(req.body.envName).toBe(FIXTURE_ENV);
}

describe('CloudBase adapter against recorded fixtures', () => {
  it('has a fixture for every scenario and a scenario for each operation it covers', () => {
    const covered = new Set(SCENARIOS.map((s) => s.name.split('.')[0]));
    for (const op of ['getAccount', 'ensureAccount', 'bindAccountPerson', 'findAccountByPerson', 'getPerson', 'findPersonByIdHash', 'insertPerson',
      'getRegistry', 'upsertRegistry', 'listLinks', 'insertLink', 'deleteLink', 'listEnrollments', 'insertEnrollment', 'countEnrollmentsByYear',
      'appendAudit', 'listAudit', 'postTransfer', 'balanceOf', 'getMeta', 'setMeta', 'schemaVersion', 'transaction',
      'insertOrder', 'transitionOrder', 'listOrdersToSettle', 'recordNotification', 'saveReconciliation', 'endEnrollment', 'insertDebit',
      'listEnterpriseSnapshots']) {
      expect(covered).toContain(op);
    }
  });

  it.each(SCENARIOS.map((s) => [s.name, s] as const))('%s', async (_name, scenario) => {
    const fixture = readFixture(scenario.name);
    const unused: Array<Exchange | null> = [...fixture.exchanges];
    const unexpected: unknown[] = [];
    const http = await startCloudbaseHttp((body) => {
      const shape = requestShape(body);
      const index = unused.findIndex((e) => e !== null && isDeepStrictEqual(e.request, shape));
      if (index < 0) {
        unexpected.push(shape);
        return { code: 'FIXTURE_MISMATCH', message: `no recorded exchange for ${JSON.stringify(shape)}`, requestId: 'fixture' };
      }
      const exchange = unused[index]!;
      unused[index] = null;
      return exchange.response;
    });
    try {
      const outcome = await runScenario(scenario, http.serviceUrl);
      expect(unexpected).toEqual([]);
      expect(unused.filter((e) => e !== null)).toEqual([]);
      expect(outcome).toEqual(fixture.outcome);
      expect(http.requests).toHaveLength(fixture.exchanges.length);
      http.requests.forEach(expectSignedCloudbaseRequest);
    } finally {
      await http.close();
    }
  });

  it('maps the recorded duplicate-key answer to UniqueViolation after a retry, not to a raw SDK error', () => {
    const fixture = readFixture('insertPerson.duplicate-key');
    expect(fixture.exchanges.some((e) => /E11000 duplicate key/.test(String(e.response.message)))).toBe(true);
    expect(fixture.outcome).toEqual({ error: { name: 'UniqueViolation', message: 'unique constraint violated: person_id_hash', constraint: 'person_id_hash' } });
  });

  it('aborts the transaction when the work fails and never commits', () => {
    const actions = readFixture('transaction.rollback').exchanges.map((e) => e.request.action);
    expect(actions[0]).toBe('database.startTransaction');
    expect(actions[actions.length - 1]).toBe('database.abortTransaction');
    expect(actions).not.toContain('database.commitTransaction');
  });
});
