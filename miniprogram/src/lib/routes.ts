import Taro from '@tarojs/taro';

/** Page URLs in one place, so a moved page is one edit (they mirror app.config.ts). */
export const ROUTES = {
  home: '/pages/coverage/home/index',
  bindIdentity: '/pages/identity/bind/index',
  addRelative: '/pages/family/add/index',
  pay: '/pages/payment/pay/index',
  payResult: '/pages/payment/result/index',
  orders: '/pages/payment/orders/index',
  receipt: '/pages/payment/receipt/index',
  refund: '/pages/payment/refund/index',
  /** 经办工作台: reconciliation and enterprises' enrollment rates, for staff and fund roles. */
  staff: '/pages/staff/index/index',
  /** Exists only in the h5 build (see app.config.ts). */
  devLogin: '/pages/session/dev-login/index',
} as const;

/**
 * Back to 我的参保 with a fresh page stack: after binding or adding a relative the home page must reload, and
 * on h5 the stack may start at the dev login page, where navigateBack would lead.
 */
export function goHome(): void {
  void Taro.reLaunch({ url: ROUTES.home });
}

export function openPage(url: string): void {
  void Taro.navigateTo({ url });
}

/** A page URL with its query: values are URI-encoded, absent ones left out. */
export function withQuery(url: string, query: Record<string, string | number | undefined>): string {
  const pairs = Object.entries(query)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`);
  return pairs.length > 0 ? `${url}?${pairs.join('&')}` : url;
}
