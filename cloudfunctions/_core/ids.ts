import { randomBytes } from 'node:crypto';
import type { Clock } from './clock';

/**
 * Time-ordered ids (48-bit ms timestamp + 80 random bits, Crockford base32), so rows sort by creation and
 * an id can be generated and stored before any external call that uses it.
 */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export type IdSource = (prefix: string) => string;

export function idSource(clock: Clock, random: (n: number) => Buffer = randomBytes): IdSource {
  return (prefix) => {
    let time = clock.nowMs();
    let timePart = '';
    for (let i = 0; i < 10; i += 1) {
      timePart = ALPHABET[time % 32] + timePart;
      time = Math.floor(time / 32);
    }
    const bytes = random(10);
    let randomPart = '';
    for (let i = 0; i < 16; i += 1) {
      // 16 base32 digits carry the 80 random bits: take 5 bits at a time.
      const bit = i * 5;
      const byte = bit >> 3;
      const word = ((bytes[byte] << 8) | (bytes[byte + 1] ?? 0)) >> (11 - (bit & 7));
      randomPart += ALPHABET[word & 31];
    }
    return `${prefix}_${timePart}${randomPart}`;
  };
}
