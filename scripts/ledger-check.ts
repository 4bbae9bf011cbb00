/**
 * `npm run ledger:check`: verifies the ledger's invariants over the whole store in DATA_DIR (default .data):
 * every transfer balances, all postings sum to zero, cached balances equal their postings, no account below
 * its floor. Prints the report as JSON; exits 1 when anything is off.
 */
import { readConfig } from '../cloudfunctions/_core/config';
import { openStore } from '../cloudfunctions/_core/store/open';

async function main() {
  const store = await openStore(readConfig({ ...process.env, RUNTIME: 'local' }));
  const report = await store.ledgerCheck();
  await store.close();
  console.log(JSON.stringify(report, null, 2));
  process.exit(report.ok ? 0 : 1);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
