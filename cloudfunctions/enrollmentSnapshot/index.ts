import { isoInstant, todayIn } from '../_core/clock';
import { defineTimerFunction } from '../_core/handler';

/**
 * Daily snapshot of enrolled persons per benefit year, kept so staff can follow the enrollment rate over
 * the concentrated period against the pilot's targets (§一: 户籍人口 96%, 常住人口 97%, 重点人群 99%).
 * Re-running on the same day overwrites that day's snapshot: the job is idempotent.
 */
export const main = defineTimerFunction('enrollmentSnapshot', async (_event, app) => {
  const date = todayIn(app.clock);
  const snapshot = { date, takenAt: isoInstant(app.clock), enrolledByYear: await app.store.countEnrollmentsByYear() };
  await app.store.setMeta(`snapshot.enrollment.${date}`, JSON.stringify(snapshot));
  return snapshot;
});
