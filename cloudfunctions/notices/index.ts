import { NoticesInput } from '../../shared/api/contract';
import { defineFunction } from '../_core/handler';

/** My in-app notices: upcoming and failed debits, and other messages about my coverage. */
export const main = defineFunction('notices', NoticesInput, async (_input, caller, app) => ({
  notices: (await app.store.listNotices(caller.openid, 50)).map((n) => ({ noticeId: n.noticeId, kind: n.kind, title: n.title, body: n.body, createdAt: n.createdAt })),
}));
