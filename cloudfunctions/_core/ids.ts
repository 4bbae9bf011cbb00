import { randomBytes } from 'node:crypto';
import type { Clock } from './clock';

/**
 * Time-ordered ids (48-bit ms timestamp + 80 random bits, Crockford base32, as ULID does), so rows sort by
 * creation and an id can be generated and stored before any external call that uses it. Ids made in the
 * same millisecond increment the random part, so their order is their creation order too.
 */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const RANDOM_BITS = 80n;

export type IdSource = (prefix: string) => string;

function encode(value: bigint, digits: number): string {
  let out = '';
  for (let i = 0; i < digits; i += 1) {
    out = ALPHABET[Number(value & 31n)] + out;
    value >>= 5n;
  }
  return out;
}

export function idSource(clock: Clock, random: (n: number) => Buffer = randomBytes): IdSource {
  let lastMs = -1;
  let lastRandom = 0n;
  return (prefix) => {
    const ms = clock.nowMs();
    if (ms <= lastMs) {
      // Same (or an earlier, if the clock stepped back) millisecond: stay on the last one and count up.
      lastRandom = (lastRandom + 1n) & ((1n << RANDOM_BITS) - 1n);
    } else {
      lastMs = ms;
      lastRandom = BigInt(`0x${random(10).toString('hex')}`) >> 1n; // leave headroom for increments
    }
    return `${prefix}_${encode(BigInt(lastMs), 10)}${encode(lastRandom, 16)}`;
  };
}
