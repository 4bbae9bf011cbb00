/**
 * Quote throughput over one million generated persons, against a floor measured in the same run: a plain loop
 * that only validates the same requests. Prints one JSON line per figure. Run alone with
 * `npx tsx bench/quote.bench.ts` or with every bench via `npm run bench`. Target: 300,000 quotes per second on
 * one core (issue 3).
 *
 * Requests are generated in chunks (untimed) so that memory stays flat; only the loops over a chunk are timed.
 */
import { createSeededRandom } from '../simulators/shared/prng';
import { parseQuoteRequest, quote, isQuoteFailure } from '../shared/policy';

const PERSONS = Number(process.env.BENCH_QUOTE_PERSONS ?? 1_000_000);
const CHUNK = 100_000;
const TARGET_QUOTES_PER_SEC = 300_000;
const CATEGORIES = ['tekun', 'dibao', 'dibao-edge-elderly', 'family-planning-special-parent', 'poverty-relapse', 'poverty-monitored', 'dibao-edge'];

/** A seeded generator, so every run quotes the same persons. */
const randomSource = createSeededRandom;

const pad = (n: number) => (n < 10 ? `0${n}` : `${n}`);

function generate(random: () => number, count: number): unknown[] {
  const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  const requests: unknown[] = new Array(count);
  for (let index = 0; index < count; index += 1) {
    const benefitYear = int(2025, 2027);
    // Most people pay in the concentrated period (Oct–Dec of the year before); some in the grace window, some later.
    const late = random() < 0.2;
    const paymentDate = late
      ? `${benefitYear}-${pad(int(1, 11))}-${pad(int(1, 28))}`
      : `${benefitYear - 1}-${pad(int(10, 12))}-${pad(int(20, 31) > 30 ? 30 : int(1, 30))}`;
    const newbornish = random() < 0.03;
    const birthDate = newbornish
      ? `${benefitYear}-${pad(int(1, Math.max(1, Number(paymentDate.slice(5, 7)) - 1)))}-${pad(int(1, 28))}`
      : `${int(1930, benefitYear - 1)}-${pad(int(1, 12))}-${pad(int(1, 28))}`;
    const coveredYears: number[] = [];
    for (let year = benefitYear - 4; year < benefitYear; year += 1) if (random() < 0.85) coveredYears.push(year);
    const person: Record<string, unknown> = { birthDate, coveredYears };
    if (random() < 0.1) person.aidCategories = [CATEGORIES[int(0, 6)], ...(random() < 0.3 ? [CATEGORIES[int(0, 6)]] : [])];
    if (random() < 0.05) person.student = true;
    if (random() < 0.1) person.parentInEmployeeInsurance = true;
    if (random() < 0.05) person.villageSubsidy = random() < 0.5 ? { kind: 'full' } : { kind: 'fixed', fen: int(0, 40000) };
    const request: Record<string, unknown> = { benefitYear, paymentDate, person };
    if (random() < 0.02) request.repairYears = int(0, 2);
    // About one request in a hundred is malformed, as real traffic is.
    if (random() < 0.01) request.paymentDate = `${benefitYear}-02-30`;
    requests[index] = request;
  }
  return requests;
}

function timeLoop(requests: unknown[], work: (request: unknown) => unknown): { ms: number; failures: number } {
  let failures = 0;
  const started = process.hrtime.bigint();
  for (let index = 0; index < requests.length; index += 1) {
    const answer = work(requests[index]);
    if (isQuoteFailure(answer) || (answer as { ok?: boolean }).ok === false) failures += 1;
  }
  return { ms: Number(process.hrtime.bigint() - started) / 1e6, failures };
}

function main(): void {
  const random = randomSource(20251020);
  // Warm the JIT on a separate sample so the first timed chunk is not the slow one.
  const warmup = generate(random, 50_000);
  timeLoop(warmup, parseQuoteRequest);
  timeLoop(warmup, (request) => quote(request));

  let quoteMs = 0;
  let parseMs = 0;
  let failures = 0;
  for (let done = 0; done < PERSONS; done += CHUNK) {
    const requests = generate(random, Math.min(CHUNK, PERSONS - done));
    parseMs += timeLoop(requests, parseQuoteRequest).ms;
    const quoted = timeLoop(requests, (request) => quote(request));
    quoteMs += quoted.ms;
    failures += quoted.failures;
  }
  const quotesPerSec = Math.round((PERSONS / quoteMs) * 1000);
  console.log(
    JSON.stringify({
      bench: 'quote',
      persons: PERSONS,
      quotesPerSec,
      parseOnlyPerSec: Math.round((PERSONS / parseMs) * 1000),
      failures,
      targetQuotesPerSec: TARGET_QUOTES_PER_SEC,
      meetsTarget: quotesPerSec >= TARGET_QUOTES_PER_SEC,
    }),
  );
}

main();
