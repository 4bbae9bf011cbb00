/**
 * `npm run bench`: runs every bench/*.bench.ts in its own process, one after another (the machine has two
 * cores; parallel benchmarks would measure each other). Each prints JSON lines with its figures and the
 * same-run baseline it is compared against. `npm run bench -- quote` runs only the names given.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const only = process.argv.slice(2);
const files = readdirSync(__dirname)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.some((name) => f.startsWith(name)))
  .sort();
let failed = 0;
for (const file of files) {
  const run = spawnSync(join(__dirname, '..', 'node_modules', '.bin', 'tsx'), [join(__dirname, file)], { stdio: 'inherit' });
  if (run.status !== 0) {
    failed += 1;
    console.error(JSON.stringify({ bench: file, error: `exited with ${run.status}` }));
  }
}
process.exit(failed ? 1 : 0);
