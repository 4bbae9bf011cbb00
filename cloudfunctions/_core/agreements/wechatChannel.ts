import { z } from 'zod';
import type { WechatSign } from '../../../shared/api/contract';
import type { App } from '../app';
import type { PapayClient } from '../channels/wechatpay';
import { notifyUrl, wechatPay } from '../payments/wechatpayChannel';

/**
 * WeChat Pay 委托代扣 (papay) for auto-renewal: the same signed WeChat Pay client payments use (one merchant,
 * one key set, one callback endpoint), plus the plan (委托代扣模板) our contracts are signed under and the
 * address of WeChat's signing mini-program the app opens with navigateToMiniProgram.
 */
const Settings = z.object({
  /** 委托代扣模板ID, issued by WeChat Pay when papay is opened for the merchant; any positive id locally. */
  WECHATPAY_PAPAY_PLAN_ID: z.coerce.number().int().positive().optional(),
  /** WeChat's signing mini-program (委托代扣签约小程序) and its entry page. */
  WECHATPAY_PAPAY_SIGN_APPID: z.string().min(1).default('wxbd687630cd02ce1d'),
  WECHATPAY_PAPAY_SIGN_PATH: z.string().min(1).default('pages/index/index'),
  /** How long a pre-signing session stays open at WeChat (two hours for the mini-program); after it an unsigned agreement has failed. */
  WECHATPAY_PAPAY_SESSION_MINUTES: z.coerce.number().int().positive().default(120),
});

/** The local simulator accepts any plan; a fixed one keeps a local run's requests repeatable. */
const LOCAL_PLAN_ID = 12535;

export interface PapayChannel {
  client: PapayClient;
  planId: number;
  sessionMs: number;
  /** What the mini-program opens: WeChat's signing mini-program with the pre-signing session id. */
  signSheet(preEntrustwebId: string): WechatSign;
}

export function papay(app: App): PapayChannel {
  const env = Settings.parse(process.env);
  const planId = env.WECHATPAY_PAPAY_PLAN_ID ?? (app.config.RUNTIME === 'local' ? LOCAL_PLAN_ID : undefined);
  if (planId === undefined) throw new Error('WECHATPAY_PAPAY_PLAN_ID is required outside local mode');
  return {
    client: wechatPay(app),
    planId,
    sessionMs: env.WECHATPAY_PAPAY_SESSION_MINUTES * 60_000,
    signSheet: (preEntrustwebId) => ({
      appId: env.WECHATPAY_PAPAY_SIGN_APPID,
      path: env.WECHATPAY_PAPAY_SIGN_PATH,
      extraData: { pre_entrustweb_id: preEntrustwebId },
    }),
  };
}

/** Contract and debit callbacks come to the one WeChat Pay endpoint, routed by event type. */
export const papayNotifyUrl = notifyUrl;
