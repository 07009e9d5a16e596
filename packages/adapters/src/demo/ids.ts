import { createHash, randomBytes } from 'node:crypto';

/** Lower-case letters and digits without the look-alikes l, o, 0 and 1: 32 symbols. */
const ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';

function encode(bytes: Uint8Array, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += ALPHABET[bytes[i]! & 31];
  return out;
}

/**
 * An opaque id for seeded data: prefix + a token that looks random but is derived from `key`,
 * so that seeding again, on any machine, gives the same ids.
 */
export function seedId(prefix: string, key: string, length = 8): string {
  return `${prefix}_${encode(createHash('sha256').update(`ihkit-demo/${prefix}/${key}`).digest(), length)}`;
}

/** A slot's id, from its doctor and start instant: stable across re-seeding, unique per slot. */
export function slotId(doctorId: string, start: Date): string {
  return seedId('slot', `${doctorId}@${start.toISOString()}`, 12);
}

/** A new appointment's id: 80 random bits. */
export function newAppointmentId(): string {
  return `apt_${encode(randomBytes(16), 16)}`;
}
