import type { ApiError } from '@shared/api/errors';
import { api, type CoverageData, type MeData, type RelativesData } from '../../../api/client';
import { creditApi, type Advance } from '../../credit/common/creditApi';

export type HomeData =
  | { kind: 'unbound'; me: MeData }
  | { kind: 'ready'; me: MeData; coverage: CoverageData; relatives: RelativesData['relatives']; advances: Advance[] };

/**
 * Everything 我的参保 shows, in as few round trips as the contract allows: `me` first (an unbound user has
 * no coverage to ask for), then coverage, the relatives list (for each relative's verification note) and the
 * bank advances (信用参保: a year the bank is paying or has paid shows so, not as 待缴费) together. The advances are
 * an addition: if they cannot be read the page still shows, as it did before credit enrollment existed.
 */
export async function loadHome(): Promise<{ ok: true; data: HomeData } | { ok: false; error: ApiError }> {
  const me = await api.me();
  if (!me.ok) return me;
  if (!me.data.bound) return { ok: true, data: { kind: 'unbound', me: me.data } };
  const [coverage, relatives, credit] = await Promise.all([api.coverage(), api.listRelatives(), creditApi.list()]);
  if (!coverage.ok) return coverage;
  if (!relatives.ok) return relatives;
  const advances = credit.ok ? credit.data.advances : [];
  return { ok: true, data: { kind: 'ready', me: me.data, coverage: coverage.data, relatives: relatives.data.relatives, advances } };
}
