/**
 * A stand-in for the live connection (RealtimeConnection), injected through
 * `<ih-provider .realtimeFactory>`. Tests push what the gateway would send: messages, notices,
 * typing, read marks, queue changes, consult, prescription, invitation and report notices, connection states. Unlike the real one it does not drop
 * repeated seqs, so tests can check that the elements do.
 */
import type { ConnectionState, ConsultListener, ConsultMessage, ReportNotice, Sender, VideoRoom, VideoRoomHandle, VideoSignal } from '@ihkit/core';
import type { Realtime } from '../src/internal/context.js';

export class FakeRealtime implements Realtime {
  state: ConnectionState = 'open';
  closed = false;
  /** Consults the user told "typing" about, in order. */
  typings: string[] = [];
  readonly subscriptions: Array<{ consultId: string; after: number; listener: ConsultListener }> = [];
  #states = new Set<(s: ConnectionState) => void>();
  #queue = new Set<() => void>();
  #alerts = new Set<(alertId?: string) => void>();
  #consults = new Set<(consultId?: string) => void>();
  #prescriptions = new Set<(prescriptionId?: string) => void>();
  #invitations = new Set<(roomId?: string) => void>();
  #reports = new Set<(report?: ReportNotice) => void>();
  #care = new Set<(alertId?: string) => void>();
  #signatures = new Set<(signatureRequestId?: string) => void>();

  onState(fn: (state: ConnectionState) => void): () => void {
    this.#states.add(fn);
    return () => this.#states.delete(fn);
  }

  subscribe(consultId: string, after: number, listener: ConsultListener): () => void {
    const sub = { consultId, after, listener };
    this.subscriptions.push(sub);
    return () => this.subscriptions.splice(this.subscriptions.indexOf(sub), 1);
  }

  onQueue(fn: () => void): () => void {
    this.#queue.add(fn);
    return () => this.#queue.delete(fn);
  }

  onCriticalAlert(fn: (alertId?: string) => void): () => void {
    this.#alerts.add(fn);
    return () => this.#alerts.delete(fn);
  }

  onConsults(fn: (consultId?: string) => void): () => void {
    this.#consults.add(fn);
    return () => this.#consults.delete(fn);
  }

  get consultsListeners(): number {
    return this.#consults.size;
  }

  /** One of the user's consults changed state (nothing: after a reconnect). */
  consultsChanged(consultId?: string): void {
    for (const fn of this.#consults) fn(consultId);
  }

  onPrescription(fn: (prescriptionId?: string) => void): () => void {
    this.#prescriptions.add(fn);
    return () => this.#prescriptions.delete(fn);
  }

  onInvitation(fn: (roomId?: string) => void): () => void {
    this.#invitations.add(fn);
    return () => this.#invitations.delete(fn);
  }

  onReport(fn: (report?: ReportNotice) => void): () => void {
    this.#reports.add(fn);
    return () => this.#reports.delete(fn);
  }

  get prescriptionListeners(): number {
    return this.#prescriptions.size;
  }

  get invitationListeners(): number {
    return this.#invitations.size;
  }

  get reportListeners(): number {
    return this.#reports.size;
  }

  get alertListeners(): number {
    return this.#alerts.size;
  }

  get queueListeners(): number {
    return this.#queue.size;
  }

  typing(consultId: string): void {
    this.typings.push(consultId);
  }

  close(): void {
    this.closed = true;
  }

  // ——— the gateway's side ———

  #each(consultId: string, fn: (l: ConsultListener) => void): void {
    for (const s of this.subscriptions.filter((x) => x.consultId === consultId)) fn(s.listener);
  }
  message(m: ConsultMessage): void {
    this.#each(m.consultId, (l) => l.message?.(m));
  }
  changed(consultId: string): void {
    this.#each(consultId, (l) => l.changed?.());
  }
  typingFrom(consultId: string, sender: Sender): void {
    this.#each(consultId, (l) => l.typing?.(sender));
  }
  read(consultId: string, sender: Sender, seq: number): void {
    this.#each(consultId, (l) => l.read?.(sender, seq));
  }
  queueChanged(): void {
    for (const fn of this.#queue) fn();
  }
  criticalAlert(alertId?: string): void {
    for (const fn of this.#alerts) fn(alertId);
  }
  /** A prescription the user sees changed (no id: after a reconnect). */
  prescriptionChanged(prescriptionId?: string): void {
    for (const fn of this.#prescriptions) fn(prescriptionId);
  }
  /** The calls the user is invited to changed (no id: after a reconnect). */
  invitationChanged(roomId?: string): void {
    for (const fn of this.#invitations) fn(roomId);
  }
  /** A new lab report or imaging study (nothing: after a reconnect). */
  reportArrived(report?: ReportNotice): void {
    for (const fn of this.#reports) fn(report);
  }
  onCareAlert(fn: (alertId?: string) => void): () => void {
    this.#care.add(fn);
    return () => this.#care.delete(fn);
  }
  /** A home reading crossed a plan's thresholds (nothing: after a reconnect). */
  careAlert(alertId?: string): void {
    for (const fn of this.#care) fn(alertId);
  }
  onSignature(fn: (signatureRequestId?: string) => void): () => void {
    this.#signatures.add(fn);
    return () => this.#signatures.delete(fn);
  }
  /** A signature request of the signer's ended (nothing: after a reconnect). */
  signatureEnded(signatureRequestId?: string): void {
    for (const fn of this.#signatures) fn(signatureRequestId);
  }
  /** A reconnect: every listener is told that anything may have changed. */
  reconnected(): void {
    this.setState('open');
    this.queueChanged();
    this.criticalAlert();
    this.consultsChanged();
    this.prescriptionChanged();
    this.invitationChanged();
    this.reportArrived();
    this.careAlert();
    this.signatureEnded();
  }
  setState(state: ConnectionState): void {
    this.state = state;
    for (const fn of this.#states) fn(state);
  }
}

/** FakeRealtime with the video part of the live connection: the room's handle, driven by the test. */
export class FakeVideoRealtime extends FakeRealtime {
  joins: Array<{ roomId: string; selfId: string; sent: Array<[string, VideoSignal]>; left: boolean; room(r: VideoRoom): void }> = [];

  joinVideo(roomId: string, selfId: string): VideoRoomHandle {
    const rooms = new Set<(r: VideoRoom) => void>();
    const join = { roomId, selfId, sent: [] as Array<[string, VideoSignal]>, left: false, room: (r: VideoRoom) => rooms.forEach((fn) => fn(r)) };
    this.joins.push(join);
    return {
      roomId,
      selfId,
      send: (to, m) => join.sent.push([to, m]),
      onMessage: () => () => {},
      onRoom: (fn) => (rooms.add(fn), () => rooms.delete(fn)),
      onError: () => () => {},
      leave: () => (join.left = true),
    };
  }
}
