import { randomBytes } from "node:crypto";

/**
 * A new opaque identifier with a type prefix ("pay_5g0q..."), so an id in a log line or a
 * support ticket says what it names. 128 random bits, lower-case base32 (URL and file safe).
 */
export function newId(prefix: string): string {
  return `${prefix}_${toBase32(randomBytes(16))}`;
}

const ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";

function toBase32(bytes: Buffer): string {
  let bits = 0;
  let value = 0;
  let output = "";
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      output += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) output += ALPHABET[(value << (5 - bits)) & 31];
  return output;
}
