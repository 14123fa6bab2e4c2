import { createHash } from 'node:crypto';
import { randomBytes } from 'node:crypto';

/** Letters and digits people do not confuse when reading a number out on the phone (no 0/O, 1/I/L). */
const ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

/** A new report id: `rp-` and 12 random base64url characters. */
export function newReportId(): string {
  return `rp-${randomBytes(9).toString('base64url')}`;
}

/**
 * The report's short number (R + 6 characters, e.g. "R7K2QX"), derived from the id: 31^6 ≈ 887
 * million values, unique enough for a street's cases; it is for reading out, the id stays the key.
 */
export function reportNo(id: string): string {
  const bytes = createHash('sha256').update(id).digest();
  let out = 'R';
  for (let i = 0; i < 6; i++) out += ALPHABET[(bytes[i] as number) % ALPHABET.length];
  return out;
}
