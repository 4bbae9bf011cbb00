/** What `ledgerCheck` reports over the whole store; `ok` only when every list is empty and the total is zero. */
export interface LedgerReport {
  ok: boolean;
  transfers: number;
  postings: number;
  /** Sum of every posting ever made: zero, always. */
  totalFen: number;
  unbalancedTransfers: { transferId: string; sumFen: number }[];
  balanceMismatches: { accountId: string; cachedFen: number; postedFen: number }[];
  belowFloor: { accountId: string; balanceFen: number; floorFen: number }[];
}
