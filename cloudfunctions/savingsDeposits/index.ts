import { runSavingsDeposits } from '../_core/savings/deposits';
import { defineTimerFunction } from '../_core/handler';

/** Daily: scheduled savings deposits, premiums paid from savings, shortfall reminders and top-ups, enterprise rate snapshots. */
export const main = defineTimerFunction('savingsDeposits', (_event, app) => runSavingsDeposits(app));
