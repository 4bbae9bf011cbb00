/**
 * Prints the shipped sizes as one JSON line:
 *  - weappMainPackageBytes: every file of dist/weapp outside the sub-package roots listed in its app.json;
 *    WeChat refuses a main package over 2 MB and we hold ours under 1 MB.
 *  - h5JsGzipBytes: the sum of each .js file in dist/h5 gzipped on its own (what a browser downloads).
 * Run after production builds: `npx tsx miniprogram/scripts/size.ts`. Exits 1 with a message when a build
 * output is missing.
 */
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { gzipSync } from 'node:zlib';

export const DIST_DIR = resolve(__dirname, '..', 'dist');

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? listFiles(path) : [path];
  });
}

export class MissingBuildError extends Error {}

interface AppJson {
  subPackages?: Array<{ root: string }>;
  subpackages?: Array<{ root: string }>;
}

export function weappMainPackageBytes(weappDir: string = join(DIST_DIR, 'weapp')): number {
  const appJsonPath = join(weappDir, 'app.json');
  if (!existsSync(appJsonPath)) {
    throw new MissingBuildError(`weapp build output missing (${appJsonPath}): run \`NODE_ENV=production npm run build:weapp\` first`);
  }
  const appJson = JSON.parse(readFileSync(appJsonPath, 'utf8')) as AppJson;
  const roots = (appJson.subPackages ?? appJson.subpackages ?? []).map((pkg) => pkg.root.replace(/\/+$/, '') + '/');
  return listFiles(weappDir)
    .filter((file) => {
      const rel = relative(weappDir, file).split(sep).join('/');
      return !roots.some((root) => rel.startsWith(root));
    })
    .reduce((sum, file) => sum + statSync(file).size, 0);
}

export function h5JsGzipBytes(h5Dir: string = join(DIST_DIR, 'h5')): number {
  if (!existsSync(join(h5Dir, 'index.html'))) {
    throw new MissingBuildError(`h5 build output missing (${h5Dir}/index.html): run \`NODE_ENV=production npm run build:h5\` first`);
  }
  return listFiles(h5Dir)
    .filter((file) => file.endsWith('.js'))
    .reduce((sum, file) => sum + gzipSync(readFileSync(file), { level: 9 }).length, 0);
}

if (require.main === module) {
  try {
    console.log(JSON.stringify({ weappMainPackageBytes: weappMainPackageBytes(), h5JsGzipBytes: h5JsGzipBytes() }));
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
