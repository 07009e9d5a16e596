/**
 * The online consult's lifecycle, in one place: which action moves a consult from which
 * state to which. The gateway refuses anything else with INVALID_STATE; widgets read the same
 * table to decide which buttons to offer.
 *
 *   requested ─pay→ paid ─accept→ accepted ─start→ in_progress ─complete→ completed
 *       │             │                │                │
 *       │             │                └──────refer─────┴──→ referred
 *       │             ├─refer / cancel / expire──→ refunded
 *       └─cancel / expire──→ cancelled
 */
import type { ConsultStatus } from './types.js';

export type ConsultAction = 'pay' | 'accept' | 'start' | 'complete' | 'refer' | 'cancel' | 'expire';

const TRANSITIONS: Readonly<Record<ConsultAction, Partial<Record<ConsultStatus, ConsultStatus>>>> = {
  pay: { requested: 'paid' },
  accept: { paid: 'accepted' },
  // The doctor's first message after accepting.
  start: { accepted: 'in_progress' },
  complete: { in_progress: 'completed' },
  refer: { paid: 'refunded', accepted: 'referred', in_progress: 'referred' },
  cancel: { requested: 'cancelled', paid: 'refunded' },
  expire: { requested: 'cancelled', paid: 'refunded' },
};

/** The state `action` leads to from `status`, or undefined when it is not allowed there. */
export function nextConsultStatus(status: ConsultStatus, action: ConsultAction): ConsultStatus | undefined {
  return TRANSITIONS[action][status];
}

/** States in which the consult is over: nothing more can be said or done in it. */
export const FINAL_CONSULT_STATUSES: readonly ConsultStatus[] = ['completed', 'referred', 'cancelled', 'refunded'];

export function isConsultOpen(status: ConsultStatus): boolean {
  return !FINAL_CONSULT_STATUSES.includes(status);
}

/** Whether patient and doctor may write messages: once the doctor has accepted, until it ends. */
export function canChat(status: ConsultStatus): boolean {
  return status === 'accepted' || status === 'in_progress';
}
