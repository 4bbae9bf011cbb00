import { handleBankNotification } from '../_core/agreements/notifications';
import { defineHttpFunction } from '../_core/handler';

/** The partner bank's notification endpoint (HTTP-triggered): contracts ended at the bank, debit results. */
export const main = defineHttpFunction('bankNotify', (event, app) => handleBankNotification(app, event));
