import Taro from '@tarojs/taro';
import { ROUTES } from '../lib/routes';
import { clearToken, readToken } from './token';

/** In the browser (local mode) a session is the bearer token from the dev login page. */
export function hasSession(): boolean {
  return readToken() !== '';
}

/** A missing or expired token: forget it and go to the dev login page. */
export function startLogin(): void {
  clearToken();
  void Taro.redirectTo({ url: ROUTES.devLogin });
}
