import { createElement, useCallback, useState } from 'react';
import type { PaymentOutcome, RequestPaymentArgs, WechatPayment } from './paymentOutcome';
import { WechatPaySheet } from './WechatPaySheet';

interface OpenSheet {
  args: RequestPaymentArgs;
  resolve: (outcome: PaymentOutcome) => void;
}

/**
 * In the browser (local mode) there is no WeChat: the page shows a sheet drawn like WeChat's, which pays or
 * cancels through the local WeChat Pay simulator. The server still learns the result only from the simulator's
 * signed callback, exactly as in WeChat.
 * A .ts file (createElement, not JSX) on purpose: Taro picks a platform file only when it has the same
 * extension as the default one (wechatPayment.ts), trying extensions in order.
 */
export function useWechatPayment(): WechatPayment {
  const [open, setOpen] = useState<OpenSheet | null>(null);
  const requestPayment = useCallback(
    (args: RequestPaymentArgs) => new Promise<PaymentOutcome>((resolve) => setOpen({ args, resolve })),
    [],
  );
  const sheet = open
    ? createElement(WechatPaySheet, {
        args: open.args,
        onDone: (outcome: PaymentOutcome) => {
          setOpen(null);
          open.resolve(outcome);
        },
      })
    : null;
  return { requestPayment, sheet };
}
