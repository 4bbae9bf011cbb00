import type { WechatPayment } from './paymentOutcome';

/**
 * Fallback for platforms we do not build for. Taro picks wechatPayment.weapp.ts (WeChat's own sheet) or
 * wechatPayment.h5.tsx (the simulated sheet) by TARO_ENV at build time; this file gives the type checker and any
 * other platform a definition that never pretends a payment happened.
 */
export function useWechatPayment(): WechatPayment {
  return { requestPayment: async () => 'failed', sheet: null };
}
