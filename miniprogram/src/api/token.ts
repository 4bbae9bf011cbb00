import Taro from '@tarojs/taro';
import { STORAGE_KEYS } from '../lib/storageKeys';

/** The local gateway's bearer token (h5 only; WeChat needs none). */
export function readToken(): string {
  const token: unknown = Taro.getStorageSync(STORAGE_KEYS.sessionToken);
  return typeof token === 'string' ? token : '';
}

export function saveToken(token: string): void {
  Taro.setStorageSync(STORAGE_KEYS.sessionToken, token);
}

export function clearToken(): void {
  Taro.removeStorageSync(STORAGE_KEYS.sessionToken);
}
