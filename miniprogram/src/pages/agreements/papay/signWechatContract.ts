import type { WechatSign } from '@shared/api/contract';

export type { WechatSign };
export type WechatSignOutcome = 'confirmed' | 'cancelled';

/**
 * Opens WeChat Pay's 委托代扣 signing flow for an agreement the server answered with `wechatSign`.
 * Fallback for platforms we do not build for: Taro picks signWechatContract.weapp.ts (WeChat's signing
 * mini-program) or signWechatContract.h5.ts (a simulated signing sheet backed by the local simulator) by
 * TARO_ENV at build time. 'confirmed' only means the user went through the signing page: the agreement turns
 * ACTIVE when WeChat's callback reaches the server, so the page re-reads it from the server either way.
 */
export function signWechatContract(_sign: WechatSign): Promise<WechatSignOutcome> {
  return Promise.resolve('cancelled');
}
