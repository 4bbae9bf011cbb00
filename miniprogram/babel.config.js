// Taro compiles TypeScript and JSX through babel-preset-taro; type checking is a separate `tsc` run
// (miniprogram/tsconfig.json), so babel only strips types here.
module.exports = {
  presets: [['taro', { framework: 'react', ts: true, compiler: 'webpack5' }]],
};
