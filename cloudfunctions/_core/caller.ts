import cloudbase from '@cloudbase/node-sdk';
import { AppError } from './errors';

/** Who is calling. Only ever taken from the platform's context, never from the request body. */
export interface Caller {
  openid: string;
}

/**
 * The local gateway authenticates its bearer token and builds `context` itself (the client cannot set it);
 * in WeChat cloud, the platform injects WX_OPENID, which the CloudBase SDK reads from the context.
 */
export function callerFromContext(context: unknown, runtime: 'local' | 'cloud'): Caller {
  let openid: unknown;
  if (runtime === 'local') {
    openid = (context as { OPENID?: unknown } | undefined)?.OPENID;
  } else {
    openid = cloudbaseOpenid(context);
  }
  if (typeof openid !== 'string' || openid.length === 0 || openid.length > 128) throw new AppError('UNAUTHENTICATED');
  return { openid };
}

/** The OPENID WeChat cloud injects for a call made from the mini-program; empty for timer and admin calls. */
export function cloudbaseOpenid(context: unknown): string | undefined {
  return cloudbase.getCloudbaseContext(context as never).WX_OPENID || undefined;
}
