/**
 * The quote CLI contract (issue 3): stdin one request or an array, stdout one answer per request in the same
 * shape, exit 0 when all were quoted and 2 when any was not. The first tests run the real command as a child
 * process; the rest call the same function in-process, which is faster and checks the same contract.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { runQuoteCli } from '../cli';

const REPO_ROOT = join(__dirname, '..', '..', '..');
const valid = { benefitYear: 2026, paymentDate: '2025-11-15', person: { birthDate: '1980-01-01', coveredYears: [2025], aidCategories: ['dibao'] } };
const invalid = { ...valid, paymentDate: '2025-02-30' };

function runCli(stdin: string) {
  const result = spawnSync('npx', ['tsx', 'shared/policy/cli.ts'], { cwd: REPO_ROOT, input: stdin, encoding: 'utf8', timeout: 60_000 });
  return { exitCode: result.status, answer: JSON.parse(result.stdout) as unknown };
}

describe('npx tsx shared/policy/cli.ts', () => {
  test('one valid request in, one quote out, exit 0', () => {
    const { exitCode, answer } = runCli(JSON.stringify(valid));
    expect(exitCode).toBe(0);
    expect(answer).toMatchObject({ benefitYear: 2026, standardFen: 40000, dueFen: 4000 });
  });

  test('an array with one invalid request: an array of two answers out, exit 2', () => {
    const { exitCode, answer } = runCli(JSON.stringify([valid, invalid]));
    expect(exitCode).toBe(2);
    expect(answer).toEqual([expect.objectContaining({ dueFen: 4000 }), { error: { code: 'INVALID_INPUT', message: expect.stringContaining('paymentDate') } }]);
  });

  test('text that is not JSON: an error object out, exit 2', () => {
    const { exitCode, answer } = runCli('{ not json');
    expect(exitCode).toBe(2);
    expect(answer).toMatchObject({ error: { code: 'INVALID_JSON' } });
  });
});

describe('runQuoteCli', () => {
  test('an array of valid requests gives an array of quotes and exit 0', () => {
    const { output, exitCode } = runQuoteCli(JSON.stringify([valid, { ...valid, benefitYear: 2025, paymentDate: '2024-11-15' }]));
    expect(exitCode).toBe(0);
    expect(JSON.parse(output)).toMatchObject([{ benefitYear: 2026 }, { benefitYear: 2025 }]);
  });

  test('an empty array gives an empty array and exit 0', () => {
    expect(runQuoteCli('[]')).toEqual({ output: '[]', exitCode: 0 });
  });

  test('one invalid request gives one error object, not an array, and exit 2', () => {
    const { output, exitCode } = runQuoteCli(JSON.stringify(invalid));
    expect(exitCode).toBe(2);
    expect(JSON.parse(output)).toMatchObject({ error: { code: 'INVALID_INPUT' } });
  });

  test('an unsupported year is a failure too: exit 2', () => {
    const { output, exitCode } = runQuoteCli(JSON.stringify({ ...valid, benefitYear: 2024, paymentDate: '2023-11-15' }));
    expect(exitCode).toBe(2);
    expect(JSON.parse(output)).toMatchObject({ error: { code: 'YEAR_NOT_SUPPORTED' } });
  });

  test('empty input is named as such', () => {
    const { output, exitCode } = runQuoteCli('');
    expect(exitCode).toBe(2);
    expect(JSON.parse(output)).toEqual({ error: { code: 'INVALID_JSON', message: '没有收到输入：请在标准输入中提供 JSON' } });
  });

  test('--today bounds the years ahead', () => {
    const far = { ...valid, benefitYear: 2034, paymentDate: '2033-11-15' };
    expect(runQuoteCli(JSON.stringify(far)).exitCode).toBe(0);
    expect(runQuoteCli(JSON.stringify(far), '2025-11-15').exitCode).toBe(2);
  });
});
