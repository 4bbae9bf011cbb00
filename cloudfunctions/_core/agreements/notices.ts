import type { App } from '../app';
import { isoInstant } from '../clock';
import type { NoticeRow } from '../store/port';

/**
 * In-app notices (站内消息), shaped so a WeChat subscribe message can carry the same fields. A notice with the
 * same (kind, ref) is stored once, so a batch that runs again never notifies twice.
 */
export async function notify(app: App, n: Omit<NoticeRow, 'noticeId' | 'createdAt'>): Promise<boolean> {
  return app.store.insertNotice({ ...n, noticeId: app.ids('ntc'), createdAt: isoInstant(app.clock) });
}

export function formatYuan(fen: number): string {
  return `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}元`;
}
