import { z } from 'zod';
import { apiUrl } from './apiUrl';
import { saveToken } from './token';

const LoginAnswer = z.object({ token: z.string().min(1) });
const ErrorAnswer = z.object({ error: z.object({ message: z.string() }) });

/**
 * Local mode only (imported solely by the h5-only dev-login page): trades a chosen openid for a bearer token,
 * standing in for the identity WeChat would supply. Resolves with a Chinese error message, or null on success.
 */
export async function devLogin(openid: string): Promise<string | null> {
  try {
    const response = await fetch(apiUrl('/api/dev/login'), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ openid }),
    });
    const body: unknown = await response.json().catch(() => null);
    const ok = LoginAnswer.safeParse(body);
    if (response.ok && ok.success) {
      saveToken(ok.data.token);
      return null;
    }
    const failed = ErrorAnswer.safeParse(body);
    return failed.success ? failed.data.error.message : `登录失败（${response.status}），请稍后重试`;
  } catch {
    return '网络连接失败，请检查网络后重试';
  }
}
