/**
 * The store operations of the credit feature, merged into StoreOps (port.ts). Owned by that feature: its rows,
 * its unique keys, its documentation.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface CreditStoreOps {}
