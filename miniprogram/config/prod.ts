import type { UserConfigExport } from '@tarojs/cli';

// Production builds are what we measure (main-package size, h5 gzip): no source maps in the shipped output.
export default {
  mini: { enableSourceMap: false },
  h5: { enableSourceMap: false },
} satisfies UserConfigExport<'webpack5'>;
