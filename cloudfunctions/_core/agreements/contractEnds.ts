import type { App } from '../app';
import { isoInstant } from '../clock';
import { BANK_MAX_CLOCK_SKEW_SECONDS } from '../channels/bank';
import { log } from '../log';
import type { ContractChannel, ContractEndRow } from '../store/contractEnds.port';
import type { StoreOps } from '../store/port';
import { bank } from './bankChannel';
import { papay } from './wechatChannel';

export interface ContractEndRequest {
  channel: ContractChannel;
  contractNo: string;
  ownerRef: string;
  note: string;
}

type Attempt = { confirmed: boolean; result: string };

/**
 * How long after a request of ours the bank may still act on a signing call sent before it. The bank refuses a
 * request whose timestamp is more than the window from its own clock, and our clocks differ by less than the
 * window (or none of our requests would verify): a signing call signed before `requestedAt` is accepted before
 * `requestedAt` plus twice the window, or never.
 */
const LATE_SIGNING_MS = 2 * BANK_MAX_CLOCK_SKEW_SECONDS * 1000;

/**
 * Ending at the bank. Asking again is harmless there (a termination in progress or done is shown as it is), and
 * TERMINATING already means the bank has taken it: no debit is accepted under the contract any more.
 */
async function endAtBank(app: App, row: ContractEndRow): Promise<Attempt> {
  const client = bank(app).client;
  const outcome = await client.terminateContract(row.contractNo, { reason: row.note });
  if (outcome.kind === 'ok') return { confirmed: true, result: outcome.data.state };
  // Not signed at the bank. A signing call still on its way (its answer lost, or slow) may yet sign it, and such a
  // contract must be ended too: only once no signing call of ours can be accepted any more is there nothing to end.
  if (outcome.kind === 'rejected' && outcome.httpStatus === 404) {
    return { confirmed: Date.parse(row.requestedAt) + LATE_SIGNING_MS < app.clock.nowMs(), result: 'NOT_AT_BANK' };
  }
  return { confirmed: false, result: outcome.kind === 'rejected' ? `rejected:${outcome.code}` : 'unknown' };
}

/**
 * Ending at WeChat is by WeChat's contract id, learned by asking about our own code; ending is idempotent, so a
 * lost answer is settled by asking again and, if the contract still stands, ending it once more.
 */
async function endAtWechat(app: App, row: ContractEndRow): Promise<Attempt> {
  const channel = papay(app);
  const found = await channel.client.papayQueryContract(channel.planId, row.contractNo);
  if (found.kind === 'rejected' && found.httpStatus === 404) {
    // Not signed, yet: the signing session (opened before this request) may still be signed until it closes, and a
    // contract signed late must be ended too, so only a closed session confirms that none will ever stand.
    return { confirmed: Date.parse(row.requestedAt) + channel.sessionMs < app.clock.nowMs(), result: 'NOT_SIGNED' };
  }
  if (found.kind !== 'ok') return { confirmed: false, result: found.kind === 'rejected' ? `rejected:${found.code}` : 'unknown' };
  if (found.data.contract_state === 'TERMINATED') return { confirmed: true, result: 'TERMINATED' };
  const ended = await channel.client.papayTerminate(channel.planId, found.data.contract_id, row.note);
  if (ended.kind === 'ok') return { confirmed: true, result: 'TERMINATED' };
  return { confirmed: false, result: ended.kind === 'rejected' ? `rejected:${ended.code}` : 'unknown' };
}

async function attempt(app: App, row: ContractEndRow): Promise<boolean> {
  const tried = row.channel === 'bank' ? await endAtBank(app, row) : await endAtWechat(app, row);
  await app.store.recordContractEndAttempt({
    channel: row.channel, contractNo: row.contractNo, result: tried.result, confirmedAt: tried.confirmed ? isoInstant(app.clock) : null,
  });
  if (!tried.confirmed) {
    // A signing session still open, or a signing call that may still land, is the normal wait, not a problem.
    log(tried.result === 'NOT_SIGNED' || tried.result === 'NOT_AT_BANK' ? 'info' : 'warn', 'contract-end.not-confirmed', { channel: row.channel, ownerRef: row.ownerRef, attempts: row.attempts + 1, result: tried.result });
  }
  return tried.confirmed;
}

/** Stores the request (once): inside the transaction that ends our side, so no crash can separate the two. */
export async function requestContractEndIn(tx: StoreOps, app: App, request: ContractEndRequest): Promise<void> {
  await tx.requestContractEnd({ ...request, requestedAt: isoInstant(app.clock), attempts: 0, lastResult: null, confirmedAt: null });
}

/**
 * Asks the channel to end a contract, the request stored first so that an answer lost to a timeout or a crash is
 * asked again by the janitor (settleContractEnds) rather than forgotten. True once the channel has confirmed it.
 * Our own side has already stopped (the agreement or plan is in a final state): this only tidies the channel's.
 */
export async function endContract(app: App, request: ContractEndRequest): Promise<boolean> {
  await requestContractEndIn(app.store, app, request);
  const row = (await app.store.getContractEnd(request.channel, request.contractNo))!;
  return row.confirmedAt !== null || attempt(app, row);
}

/** The channel says the contract ended (its notification): an open request of ours is settled by it. */
export async function contractEndNotified(app: App, channel: ContractChannel, contractNo: string, cause: string): Promise<void> {
  const row = await app.store.getContractEnd(channel, contractNo);
  if (row && row.confirmedAt === null) {
    await app.store.recordContractEndAttempt({ channel, contractNo, result: cause, confirmedAt: isoInstant(app.clock) });
  }
}

/** Janitor: every open request is tried again, oldest first. */
export async function settleContractEnds(app: App, limit = 200): Promise<{ examined: number; confirmed: number }> {
  const open = await app.store.listOpenContractEnds(limit);
  let confirmed = 0;
  for (const row of open) if (await attempt(app, row)) confirmed += 1;
  return { examined: open.length, confirmed };
}
