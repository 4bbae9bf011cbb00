/**
 * One run of the deduction batch in its own process, as the timer runs it: the kill test starts it, kills
 * it with SIGKILL at random moments, and starts it again. Prints the batch report as one JSON line.
 * Configuration from the environment (DATA_DIR, BANK_BASE_URL, DEV_TODAY, the DEBIT_* settings).
 */
/* eslint-disable @typescript-eslint/no-require-imports */
const { createApp } = require('../../cloudfunctions/_core/app') as typeof import('../../cloudfunctions/_core/app');
const { readConfig } = require('../../cloudfunctions/_core/config') as typeof import('../../cloudfunctions/_core/config');
const { runDeductionBatch } = require('../../cloudfunctions/_core/agreements/deductions') as typeof import('../../cloudfunctions/_core/agreements/deductions');

async function main() {
  const app = await createApp(readConfig());
  const report = await runDeductionBatch(app, { pageSize: Number(process.env.BATCH_PAGE_SIZE ?? 200), concurrency: 16 });
  await app.store.close();
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
