/**
 * A fresh Idempotency-Key: 128 random bits, URL-safe. Uses getRandomValues, which, unlike
 * randomUUID, also works on plain-http intranet pages.
 */
export function newIdempotencyKey(): string {
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  let s = '';
  for (const b of bytes) s += b.toString(16).padStart(2, '0');
  return s;
}
