/**
 * `npm run -s quote`: reads one QuoteRequest, or a JSON array of them, from stdin and writes one Quote or
 * `{ "error": { "code", "message" } }` per request to stdout, in the same shape (object in, object out; array
 * in, array out). Exit code 0 when every request was quoted, 2 when any was not (or the input was not JSON).
 * Options: `--today=YYYY-MM-DD` bounds how far ahead a year can be quoted (default: each request's payment date).
 */
import { failure, isQuoteFailure, type QuoteFailure } from './errors';
import { quote, type Quote } from './quote';

const EXIT_OK = 0;
const EXIT_INVALID = 2;

export function runQuoteCli(input: string, today?: string): { output: string; exitCode: number } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(input);
  } catch {
    const answer = failure('INVALID_JSON', input.trim() === '' ? '没有收到输入：请在标准输入中提供 JSON' : '输入不是有效的 JSON');
    return { output: JSON.stringify(answer), exitCode: EXIT_INVALID };
  }
  const answers: Array<Quote | QuoteFailure> = Array.isArray(parsed)
    ? parsed.map((request) => quote(request, today))
    : [quote(parsed, today)];
  const exitCode = answers.some(isQuoteFailure) ? EXIT_INVALID : EXIT_OK;
  return { output: JSON.stringify(Array.isArray(parsed) ? answers : answers[0]), exitCode };
}

function readStdin(): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    process.stdin.on('data', (chunk: Buffer) => chunks.push(chunk));
    process.stdin.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    process.stdin.on('error', reject);
  });
}

async function main(): Promise<void> {
  const todayArg = process.argv.slice(2).find((arg) => arg.startsWith('--today='));
  const { output, exitCode } = runQuoteCli(await readStdin(), todayArg?.slice('--today='.length));
  process.stdout.write(`${output}\n`, () => process.exit(exitCode));
}

if (require.main === module) {
  main().catch(() => {
    process.stdout.write(`${JSON.stringify(failure('INTERNAL', '报价程序出错'))}\n`, () => process.exit(EXIT_INVALID));
  });
}
