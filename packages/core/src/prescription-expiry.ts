import type { Prescription, PrescriptionStatus } from './types.js';

/**
 * A prescription is valid until the end of its last valid day (`validUntil`, in the
 * hospital's time zone); one nobody paid for by then — still in review, returned, or approved
 * and unpaid — is expired. The gateway records it on its next sweep; a screen shows it
 * expired from that moment on by the same rule.
 */
export const EXPIRES_UNPAID: readonly PrescriptionStatus[] = ['pending_review', 'returned', 'approved'];

/** Whether the prescription has expired by `now` (ms), recorded yet or not. */
export function isExpiredAt(p: Pick<Prescription, 'status' | 'validUntil'>, now: number): boolean {
  return p.status === 'expired' || (EXPIRES_UNPAID.includes(p.status) && Date.parse(p.validUntil) < now);
}

/** The prescription as it stands at `now` (ms): expired once its validity ran out unpaid. */
export function prescriptionAt<P extends Pick<Prescription, 'status' | 'validUntil'>>(p: P, now: number): P {
  return p.status !== 'expired' && isExpiredAt(p, now) ? { ...p, status: 'expired' } : p;
}
