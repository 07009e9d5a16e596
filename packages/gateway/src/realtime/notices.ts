/**
 * What travels between gateways on the live channel: a notice, sent with NOTIFY in the
 * transaction that made the change (so it goes out on commit), heard by every gateway's hub
 * (hub.ts), which hands it to the WebSockets it concerns. Notices carry ids and numbers only;
 * a connection reads what it delivers from the database, and checks that its user may see it.
 */
import type { Queryable } from '@ihkit/adapters';

export const LIVE_CHANNEL = 'ihkit_consult';

/** What travels on the channel: ids and numbers only. */
export type LiveNotice =
  | { k: 'message'; c: string; seq: number }
  /** Consult `c` (of doctor `d`) changed state or record; `u`: its patient's accounts, for their list of consults. */
  | { k: 'consult'; c: string; d: string; u?: string[] }
  | { k: 'typing'; c: string; s: 'patient' | 'doctor' }
  | { k: 'read'; c: string; s: 'patient' | 'doctor'; seq: number }
  /** A video room of the consult changed (`g` absent) or a signal `g` waits in video_signals. */
  | { k: 'video'; c: string; r: string; g?: number }
  /** A critical lab result `a` was raised to doctor `d` (or acknowledged). */
  | { k: 'alert'; d: string; a: string }
  /** Sessions of user `u` were revoked: their live connections check theirs. */
  | { k: 'session'; u: string }
  /**
   * Prescription `p` (of patient `pt`, prescribed by user `d`) changed: for accounts `u` (the
   * patient's and the doctor's) and, with `ph`, every pharmacist (it entered or left review).
   */
  | { k: 'prescription'; p: string; pt: string; d: string; u: string[]; ph?: 1 }
  /** Video room `r` invited the specialists `u`, ended, or its consult moved on. */
  | { k: 'invitation'; r: string; u: string[] }
  /**
   * The gateway learnt of lab report `rep` or imaging study `st` of patient `pt`: for the
   * patient's accounts `u`. Never on the channel: every gateway watches the LIS and PACS itself.
   */
  | { k: 'report'; pt: string; rep?: string; st?: string; u: string[] }
  /** A home reading crossed the thresholds of follow-up plan `p`: alert `a`, for its care team's accounts `u`. */
  | { k: 'care'; p: string; a: string; u: string[] }
  /** Signature request `s` (of patient `pt`'s prescription) ended: for its signer `u` (prescriptions/signature-requests.ts). */
  | { k: 'signature'; s: string; pt: string; u: string[] };

export async function notify(q: Queryable, notice: LiveNotice): Promise<void> {
  await q.query('SELECT pg_notify($1, $2)', [LIVE_CHANNEL, JSON.stringify(notice)]);
}

/** Accounts per notice: a NOTIFY payload holds at most 8000 bytes. */
const USERS_PER_NOTICE = 100;

/** `users` in groups small enough for one notice each; one group (maybe empty) at least. */
export function addressees(users: readonly string[]): string[][] {
  const groups: string[][] = [];
  for (let i = 0; i < users.length; i += USERS_PER_NOTICE) groups.push(users.slice(i, i + USERS_PER_NOTICE));
  return groups.length ? groups : [[]];
}
