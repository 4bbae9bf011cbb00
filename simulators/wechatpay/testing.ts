import { localClientKeys, type LocalWechatPayKeys, type WechatPayClientConfig } from '../../cloudfunctions/_core/channels/wechatpay';

/** For the adapter tests: a client configuration that talks to the local simulator at `baseUrl` with its keys. */
export const localClientConfig = (baseUrl: string, keys: LocalWechatPayKeys): WechatPayClientConfig => ({
  baseUrl,
  ...localClientKeys(keys),
  clock: () => new Date(),
  timeoutMs: 400,
});
