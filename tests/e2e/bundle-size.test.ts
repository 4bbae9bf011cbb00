/**
 * The shipped sizes stay within budget. WeChat refuses a main package over 2 MB; we hold ours under 1 MB so
 * that new features have room, and so that the first open on a slow phone network stays quick.
 * Reads production build output (`NODE_ENV=production npm run build:weapp` and `build:h5`); a missing
 * output fails the test with the command to run.
 */
import { h5JsGzipBytes, weappMainPackageBytes } from '../../miniprogram/scripts/size';

const MAIN_PACKAGE_BUDGET_BYTES = 1024 * 1024;
/** About twice today's figure (170 KB): room to grow, but a library pulled in whole by mistake shows up. */
const H5_JS_GZIP_BUDGET_BYTES = 350 * 1024;

describe('bundle size', () => {
  test('the weapp main package (everything outside sub-package roots) is under 1 MB', () => {
    const bytes = weappMainPackageBytes();
    console.log(`weapp main package: ${bytes} bytes`);
    expect(bytes).toBeGreaterThan(0);
    expect(bytes).toBeLessThan(MAIN_PACKAGE_BUDGET_BYTES);
  });

  test('the h5 JavaScript, gzipped file by file, is under 350 KB', () => {
    const bytes = h5JsGzipBytes();
    console.log(`h5 js gzip: ${bytes} bytes`);
    expect(bytes).toBeGreaterThan(0);
    expect(bytes).toBeLessThan(H5_JS_GZIP_BUDGET_BYTES);
  });
});
