import type { App } from '../app';
import { isoInstant } from '../clock';
import type { NoticeRow, StoreOps } from '../store/port';

export { formatYuan } from '../agreements/notices';

/**
 * A notice written inside the caller's transaction, so it lands with the money movement it tells about; the
 * (kind, ref) key stores it once however often a run repeats (agreements/notices.ts `notify` is the same
 * outside a transaction).
 */
export function noticeIn(tx: StoreOps, app: App, n: Omit<NoticeRow, 'noticeId' | 'createdAt'>): Promise<boolean> {
  return tx.insertNotice({ ...n, noticeId: app.ids('ntc'), createdAt: isoInstant(app.clock) });
}
