import type { ReactNode } from 'react';
import type { OrderView } from '@shared/api/contract';

export type RequestPaymentArgs = NonNullable<OrderView['requestPayment']>;

/**
 * How the payer left the WeChat payment sheet: confirmed (the server still has to hear it from WeChat's
 * callback), cancelled, or failed. Travels in the result page's URL, so it is a plain string.
 */
export type PaymentOutcome = 'confirmed' | 'cancelled' | 'failed' | 'none';

const OUTCOMES: readonly PaymentOutcome[] = ['confirmed', 'cancelled', 'failed', 'none'];

export function parseOutcome(value: string | undefined): PaymentOutcome {
  return OUTCOMES.find((outcome) => outcome === value) ?? 'none';
}

/**
 * The WeChat payment step of a page. `requestPayment` resolves when the payer leaves the sheet; `sheet` is what
 * the page renders for it (the simulated sheet on h5, nothing in WeChat, whose sheet is native).
 */
export interface WechatPayment {
  requestPayment: (args: RequestPaymentArgs) => Promise<PaymentOutcome>;
  sheet: ReactNode;
}

/** The prepay id inside `package` ("prepay_id=wx..."), which names the order at WeChat. */
export function prepayIdOf(args: Pick<RequestPaymentArgs, 'package'>): string {
  return args.package.replace(/^prepay_id=/, '');
}
