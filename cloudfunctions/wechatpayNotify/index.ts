import { defineHttpFunction } from '../_core/handler';
import { handleWechatPayNotification } from '../_core/payments/notifications';

/** WeChat Pay's callback endpoint (HTTP-triggered): verified, de-duplicated, then applied to the order, refund, or (委托代扣) agreement and debit. */
export const main = defineHttpFunction('wechatpayNotify', (event, app) => handleWechatPayNotification(app, event));
