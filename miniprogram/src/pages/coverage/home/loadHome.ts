import type { ApiError } from '@shared/api/errors';
import { api, type CoverageData, type MeData, type RelativesData } from '../../../api/client';

export type HomeData =
  | { kind: 'unbound'; me: MeData }
  | { kind: 'ready'; me: MeData; coverage: CoverageData; relatives: RelativesData['relatives'] };

/**
 * Everything 我的参保 shows, in as few round trips as the contract allows: `me` first (an unbound user has
 * no coverage to ask for), then coverage and the relatives list (for each relative's verification note)
 * together.
 */
export async function loadHome(): Promise<{ ok: true; data: HomeData } | { ok: false; error: ApiError }> {
  const me = await api.me();
  if (!me.ok) return me;
  if (!me.data.bound) return { ok: true, data: { kind: 'unbound', me: me.data } };
  const [coverage, relatives] = await Promise.all([api.coverage(), api.listRelatives()]);
  if (!coverage.ok) return coverage;
  if (!relatives.ok) return relatives;
  return { ok: true, data: { kind: 'ready', me: me.data, coverage: coverage.data, relatives: relatives.data.relatives } };
}
