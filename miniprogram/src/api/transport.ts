import type { CallFunction } from './transportTypes';

/**
 * Fallback for platforms we do not build for. Taro picks transport.weapp.ts or transport.h5.ts by TARO_ENV
 * at build time; this file exists so the type checker and any other platform have a definition.
 */
export const callFunction: CallFunction = async () => ({
  ok: false,
  error: { code: 'INTERNAL', message: '当前平台暂不支持，请在微信小程序中使用' },
});
