/**
 * Fans live notices (notices.ts) out to this gateway's WebSocket connections. Every gateway on
 * the database LISTENs on one channel, so a change written through any of them reaches
 * clients connected to all of them. Notices carry ids only; connections read what they
 * deliver from the database, and check that their user may see it.
 */
import type { Db } from '@ihkit/adapters';
import type { UserRow } from '../users.js';
import { LIVE_CHANNEL, type LiveNotice } from './notices.js';

export type HubListener = (notice: LiveNotice | { k: 'resync' }) => void;

export class ConsultHub {
  #byConsult = new Map<string, Set<HubListener>>();
  #byDoctor = new Map<string, Set<HubListener>>();
  #byUser = new Map<string, Set<HubListener>>();
  #pharmacists = new Set<HubListener>();
  #stop?: () => Promise<void>;

  constructor(private readonly db: Db, private readonly onBadNotice: (payload: string) => void = () => {}) {}

  async start(): Promise<void> {
    this.#stop = await this.db.listen(LIVE_CHANNEL, (payload) => this.#dispatch(payload), () => this.#resync());
  }

  async stop(): Promise<void> {
    await this.#stop?.();
    this.#stop = undefined;
  }

  /** Notices about one consult. */
  watchConsult(consultId: string, fn: HubListener): () => void {
    return add(this.#byConsult, consultId, fn);
  }

  /** Changes of any consult addressed to a doctor (their queue), and critical results raised to them. */
  watchDoctor(doctorId: string, fn: HubListener): () => void {
    return add(this.#byDoctor, doctorId, fn);
  }

  /**
   * Notices addressed to a user: revocations of their sessions, and changes to prescriptions,
   * invitations and reports they may see; for a pharmacist also every prescription entering
   * or leaving review.
   */
  watchUser(user: Pick<UserRow, 'id' | 'role'>, fn: HubListener): () => void {
    const unwatch = add(this.#byUser, user.id, fn);
    if (user.role !== 'pharmacist') return unwatch;
    this.#pharmacists.add(fn);
    return () => {
      unwatch();
      this.#pharmacists.delete(fn);
    };
  }

  /**
   * Hands a notice to this gateway's connections without NOTIFY: for what every gateway learns
   * by itself (reports, from its own watch on the LIS and PACS).
   */
  deliver(notice: LiveNotice): void {
    const each = (fns: Iterable<HubListener> | undefined) => {
      for (const fn of fns ?? []) fn(notice);
    };
    switch (notice.k) {
      case 'session':
        return each(this.#byUser.get(notice.u));
      case 'prescription':
      case 'invitation':
      case 'report':
      case 'care':
      case 'signature': {
        const fns = new Set<HubListener>();
        for (const u of Array.isArray(notice.u) ? notice.u : []) for (const fn of this.#byUser.get(u) ?? []) fns.add(fn);
        if (notice.k === 'prescription' && notice.ph) for (const fn of this.#pharmacists) fns.add(fn);
        return each(fns);
      }
      case 'alert':
        return each(this.#byDoctor.get(notice.d));
      case 'consult':
        each(this.#byConsult.get(notice.c));
        each(this.#byDoctor.get(notice.d));
        for (const u of notice.u ?? []) each(this.#byUser.get(u));
        return;
      default:
        return each(this.#byConsult.get(notice.c));
    }
  }

  #dispatch(payload: string): void {
    let notice: LiveNotice;
    try {
      notice = JSON.parse(payload) as LiveNotice;
    } catch {
      this.onBadNotice(payload);
      return;
    }
    this.deliver(notice);
  }

  /** The listening connection was re-established: notices may have been missed. */
  #resync(): void {
    const all = new Set<HubListener>();
    for (const set of [...this.#byConsult.values(), ...this.#byDoctor.values(), ...this.#byUser.values()]) for (const fn of set) all.add(fn);
    for (const fn of all) fn({ k: 'resync' });
  }
}

function add(map: Map<string, Set<HubListener>>, key: string, fn: HubListener): () => void {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  set.add(fn);
  return () => {
    set.delete(fn);
    if (!set.size) map.delete(key);
  };
}
