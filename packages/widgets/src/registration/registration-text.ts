/**
 * What <ih-appointments> says of an appointment's registration fee, in the list and in the
 * cancel dialog: words of the registration chunk, so the list's own bundle carries none of them.
 */
import type { Appointment } from '@ihkit/core';
import type { LocalizeController } from '../internal/localize.js';

/** The line of a move to a dearer slot in the list: waiting for its difference, or why it was not made. */
function moveLine(l10n: LocalizeController, a: Appointment): string | undefined {
  const m = a.pendingMove;
  if (!m || a.status !== 'booked' || m.status === 'paid' || m.failure === 'cancelled' || m.failure === 'replaced') return undefined;
  const params = { time: `${l10n.date(m.toStart)} ${l10n.time(m.toStart)}`, amount: l10n.money(m.difference) };
  return l10n.msg(m.status === 'awaiting_payment' ? 'reschedule.line.waiting' : m.failure === 'slot_taken' ? 'reschedule.line.slotTaken' : 'reschedule.line.notPaid', params);
}

/** The fee's line in the list: a move waiting for its difference or not made, lapsed, or what was refunded and whether the provider made it (a held one has its badge and panel). */
export function registrationLine(l10n: LocalizeController, a: Appointment): string | undefined {
  const move = moveLine(l10n, a);
  if (move) return move;
  const r = a.registration;
  if (r?.status === 'lapsed') return l10n.msg('registration.lapsedShort');
  if (r?.refunded) return l10n.msg(`registration.refunded.${r.refundStatus ?? 'pending'}`, { amount: l10n.money(r.refunded) });
  return undefined;
}

/** What cancelling now gives back, said before the patient confirms: all of it before the cut-off (and what after), the hospital's share later. */
export function refundPreview(l10n: LocalizeController, a: Appointment, now = Date.now()): string | undefined {
  const r = a.registration;
  if (r?.status === 'held') return l10n.msg('registration.refund.unpaid');
  if (r?.status !== 'paid' || !r.lateRefund) return undefined;
  const amount = l10n.money(r.amount);
  const late = l10n.money(r.lateRefund);
  if (r.fullRefundUntil && now < Date.parse(r.fullRefundUntil)) {
    return l10n.msg('registration.refund.until', { time: `${l10n.date(r.fullRefundUntil)} ${l10n.time(r.fullRefundUntil)}`, amount, late });
  }
  return l10n.msg(r.lateRefund.amount ? 'registration.refund.late' : 'registration.refund.none', { amount, late });
}
