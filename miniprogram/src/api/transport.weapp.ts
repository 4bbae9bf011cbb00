import Taro from '@tarojs/taro';
import type { CallFunction } from './transportTypes';
import { NETWORK_FAILURE } from './transportTypes';

let cloudReady = false;

/**
 * In WeChat the caller's identity travels in the cloud context (OPENID) that WeChat attaches to every
 * callFunction; the client sends no token. Initialised lazily so a page that makes no call pays nothing.
 */
function ensureCloud(): void {
  if (cloudReady) return;
  const env = process.env.TARO_APP_CLOUD_ENV;
  Taro.cloud.init(env ? { env, traceUser: true } : { traceUser: true });
  cloudReady = true;
}

export const callFunction: CallFunction = async (name, data) => {
  try {
    ensureCloud();
    const response = await Taro.cloud.callFunction({ name, data: data as Record<string, unknown> });
    return response.result;
  } catch {
    return NETWORK_FAILURE;
  }
};
