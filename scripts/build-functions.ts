/**
 * Bundles each cloud function into one file (dist/cloudfunctions/<name>/index.js) with what it imports
 * from shared/ and cloudfunctions/_core/, and copies its package.json and config.json beside it: the folder
 * is what WeChat DevTools or `s deploy` uploads. Native and platform modules stay external.
 */
import { build } from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { listFunctionNames, readFunctionConfig } from '../runtime/functions';

const ROOT = resolve(__dirname, '..');
export const SOURCE_ROOT = join(ROOT, 'cloudfunctions');
export const BUILD_ROOT = join(ROOT, 'dist', 'cloudfunctions');

/** Installed in the function's own node_modules at deploy (its package.json), or native: never bundled. */
const EXTERNAL = ['better-sqlite3', '@cloudbase/node-sdk'];

export interface BuiltFunction {
  name: string;
  bytes: number;
}

/**
 * Builds into a private folder and swaps it into place at the end, so a runtime that starts while another is
 * building never loads a half-written tree.
 */
export async function buildFunctions(outRoot = BUILD_ROOT): Promise<BuiltFunction[]> {
  const staging = `${outRoot}.staging-${process.pid}-${Date.now()}`;
  const built = await buildInto(staging);
  const retired = `${outRoot}.retired-${process.pid}-${Date.now()}`;
  if (existsSync(outRoot)) renameSync(outRoot, retired);
  renameSync(staging, outRoot);
  rmSync(retired, { recursive: true, force: true });
  return built;
}

async function buildInto(outRoot: string): Promise<BuiltFunction[]> {
  const built: BuiltFunction[] = [];
  for (const name of listFunctionNames(SOURCE_ROOT)) {
    const src = join(SOURCE_ROOT, name);
    const out = join(outRoot, name);
    readFunctionConfig(src); // a malformed config.json fails the build, not the deploy
    mkdirSync(out, { recursive: true });
    await build({
      entryPoints: [join(src, 'index.ts')],
      outfile: join(out, 'index.js'),
      bundle: true,
      platform: 'node',
      target: 'node18',
      format: 'cjs',
      external: EXTERNAL,
      minify: true,
      keepNames: true,
      sourcemap: 'linked',
      legalComments: 'none',
      logLevel: 'warning',
    });
    copyFileSync(join(src, 'package.json'), join(out, 'package.json'));
    copyFileSync(join(src, 'config.json'), join(out, 'config.json'));
    built.push({ name, bytes: statSync(join(out, 'index.js')).size });
  }
  return built;
}

if (require.main === module) {
  const started = Date.now();
  buildFunctions().then(
    (built) => {
      for (const f of built) console.log(`  ${f.name.padEnd(16)} ${(f.bytes / 1024).toFixed(1)} KiB`);
      console.log(`built ${built.length} cloud functions in ${Date.now() - started} ms → dist/cloudfunctions/`);
    },
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}
