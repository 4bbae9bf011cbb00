import { runCreditReminders } from '../_core/credit/reminders';
import { defineTimerFunction } from '../_core/handler';

/** Daily: settle lost advance answers, remind before due dates, mark unpaid advances overdue (D16). */
export const main = defineTimerFunction('creditReminders', (_event, app) => runCreditReminders(app));
