/** The WeChat Pay v3 channel adapter: what the payment services, the janitor and the gateway import. */
export { createWechatPayClient } from './client';
export type { JsapiOrderCreated, TradeBillDownload, WechatPayClient, WechatPayClientConfig } from './client';
export type { ChannelOutcome } from './outcome';
export { notificationReply, parseWechatPayNotification, NOTIFICATION_FAILURE_MESSAGES } from './notification';
export type { NotificationFailureCode, NotificationOutcome, WechatPayEvent } from './notification';
export { ensureLocalKeys, localClientKeys, localPlatformKeys, LOCAL_KEYS_FILE } from './keys';
export type { LocalWechatPayKeys } from './keys';
export { createMemoryNonceGuard, createPlatformKeyRing, MAX_CLOCK_SKEW_SECONDS } from './verify';
export type { HeaderBag, PlatformKeys, RememberNonce } from './verify';
export { parseTradeBill, yuanTextToFen } from './tradeBill';
export type { TradeBill, TradeBillRow, TradeBillSummary } from './tradeBill';
export * from './schemas';
export type { RequestPaymentParams } from './sign';
export type { PapayClient } from './papay';
export * from './papaySchemas';
