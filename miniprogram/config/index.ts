import path from 'node:path';
import { defineConfig, type UserConfigExport } from '@tarojs/cli';
import devConfig from './dev';
import prodConfig from './prod';

const appRoot = path.resolve(__dirname, '..');
const repoRoot = path.resolve(appRoot, '..');
const sharedDir = path.join(repoRoot, 'shared');
const zodDir = path.join(repoRoot, 'node_modules', 'zod');

/**
 * One config for both targets; TARO_ENV picks the output folder so the weapp and h5 builds never overwrite
 * each other (project.config.json points WeChat DevTools at dist/weapp, the local gateway serves dist/h5).
 */
export default defineConfig<'webpack5'>(async (merge) => {
  const baseConfig: UserConfigExport<'webpack5'> = {
    projectName: 'hefei-medins',
    date: '2026-11-26',
    // NutUI React Taro is drawn on a 375-wide design, and so are our own styles: one unit everywhere.
    designWidth: 375,
    deviceRatio: { 375: 2, 640: 2.34 / 2, 750: 1, 828: 1.81 / 2 },
    sourceRoot: 'src',
    outputRoot: `dist/${process.env.TARO_ENV ?? 'weapp'}`,
    // The API contract (zod schemas) and the ID-number check live in the repository's shared/ folder, outside
    // src/: the alias names it, and compile.include lets babel transpile it like our own sources.
    alias: { '@shared': sharedDir },
    defineConstants: {},
    copy: { patterns: [], options: {} },
    framework: 'react',
    compiler: { type: 'webpack5', prebundle: { enable: false } },
    cache: { enable: false },
    mini: {
      compile: { include: [sharedDir, zodDir] },
      // Modules used only inside one sub-package move into it, which keeps the main package small.
      optimizeMainPackage: { enable: true },
      // NutUI's per-component stylesheets do not depend on each other's order; without this, every page
      // importing components in a different order prints a "Conflicting order" warning.
      miniCssExtractPluginOption: { ignoreOrder: true },
      postcss: {
        pxtransform: { enable: true, config: {} },
        cssModules: { enable: false, config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' } },
      },
    },
    h5: {
      publicPath: '/',
      staticDirectory: 'static',
      router: { mode: 'hash' },
      compile: { include: [sharedDir] },
      output: { filename: 'js/[name].[contenthash:8].js', chunkFilename: 'js/[name].[contenthash:8].js' },
      miniCssExtractPluginOption: { ignoreOrder: true, filename: 'css/[name].[contenthash:8].css', chunkFilename: 'css/[name].[contenthash:8].css' },
      // Taro splits only initial chunks on h5, so every lazily loaded page would carry its own copy of zod and
      // NutUI; sharing across async chunks too keeps each page's download to its own code.
      webpackChain(chain) {
        chain.optimization.splitChunks({ ...chain.optimization.get('splitChunks'), chunks: 'all' });
      },
      postcss: {
        autoprefixer: { enable: true, config: {} },
        cssModules: { enable: false, config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' } },
      },
    },
  };
  if (process.env.NODE_ENV === 'development') return merge({}, baseConfig, devConfig);
  return merge({}, baseConfig, prodConfig);
});
