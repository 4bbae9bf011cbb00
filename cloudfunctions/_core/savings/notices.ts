// A notice written inside the caller's transaction lands with the money movement it tells about.
export { formatYuan, noticeIn } from '../agreements/notices';
