/**
 * Fans consult notifications out to this gateway's WebSocket connections. Every gateway on
 * the database LISTENs on one channel, so a message written through any of them reaches
 * clients connected to all of them. Notices carry ids only; connections read what they
 * deliver from the database.
 */
import type { Db } from '@ihkit/adapters';
import { CONSULT_CHANNEL, type ConsultNotice } from '../consults/store.js';

export type HubListener = (notice: ConsultNotice | { k: 'resync' }) => void;

export class ConsultHub {
  #byConsult = new Map<string, Set<HubListener>>();
  #byDoctor = new Map<string, Set<HubListener>>();
  #byUser = new Map<string, Set<HubListener>>();
  #stop?: () => Promise<void>;

  constructor(private readonly db: Db, private readonly onBadNotice: (payload: string) => void = () => {}) {}

  async start(): Promise<void> {
    this.#stop = await this.db.listen(CONSULT_CHANNEL, (payload) => this.#dispatch(payload), () => this.#resync());
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

  /** Revocations of a user's sessions. */
  watchSessions(userId: string, fn: HubListener): () => void {
    return add(this.#byUser, userId, fn);
  }

  #dispatch(payload: string): void {
    let notice: ConsultNotice;
    try {
      notice = JSON.parse(payload) as ConsultNotice;
    } catch {
      this.onBadNotice(payload);
      return;
    }
    if (notice.k === 'session') {
      for (const fn of this.#byUser.get(notice.u) ?? []) fn(notice);
      return;
    }
    if (notice.k !== 'alert') for (const fn of this.#byConsult.get(notice.c) ?? []) fn(notice);
    if (notice.k === 'consult' || notice.k === 'alert') for (const fn of this.#byDoctor.get(notice.d) ?? []) fn(notice);
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
