import { html, nothing, type TemplateResult } from 'lit';
import { clinicOf, videoOf, type VideoRoom } from '@ihkit/core';
import type { IhConfig } from '../internal/context.js';
import { LiveNotices } from '../internal/live-notices.js';
import type { VideoParticipant } from './call-session.js';
import { VideoPart, type VideoHost } from './video-part.js';

interface Candidate {
  id: string;
  /** A specialist's: the room they are invited to. */
  roomId?: string;
  label: string;
}

/**
 * Without `consult-id`: what the user can call about — a patient's consults that are accepted
 * or in progress, a specialist's invitations (kept live: one shows the moment the doctor sends
 * it and goes when the call ends) — and the one chosen.
 */
export class ConsultChoice extends VideoPart<ConsultChoice> {
  candidates?: Candidate[];
  picked?: string;
  /** Why the invitations could not be loaded. */
  error?: unknown;
  /** The client the invitations were loaded with (undefined: none loaded). */
  #of?: IhConfig['client'];
  #load = 0;

  constructor(host: VideoHost) {
    super(host);
    new LiveNotices<string>(
      host,
      () => (this.follows ? host.videoRealtime() : undefined),
      (realtime, fn) => realtime.onInvitation(fn),
      () => void this.load(),
    );
  }

  /** A specialist's element without consult-id lists the calls they are invited to, live. */
  get follows(): boolean {
    const { host } = this;
    return host.callRole === 'specialist' && !host.consultId && !!host.client;
  }

  override hostUpdate(): void {
    if (this.#of !== (this.follows ? this.host.client : undefined)) void this.load();
  }

  /**
   * Reads the specialist's invitations (again). The call chosen stays chosen while it is still
   * an invitation; in a call, nothing but the list changes.
   */
  async load(): Promise<void> {
    const client = this.follows ? this.host.client : undefined;
    if (client !== this.#of) this.set({ candidates: undefined, error: undefined });
    this.#of = client;
    if (!client) return;
    const load = ++this.#load;
    try {
      const candidates = await this.#list();
      if (load !== this.#load || client !== this.#of) return;
      this.set({ candidates, error: undefined });
      if (this.host.call === 'idle' && !candidates.some((c) => c.id === this.picked)) this.set({ picked: candidates[0]?.id });
    } catch (e) {
      if (load === this.#load && !this.candidates) this.set({ error: e });
    }
  }

  /** What the user can call about without consult-id: a patient's current consults, a specialist's invitations. */
  async #list(): Promise<Candidate[]> {
    const { host } = this;
    const client = host.client!;
    if (host.callRole === 'specialist') {
      // The calls they were invited to, not the ones they hold as the consult's own doctor.
      const rooms = (await videoOf(client).listRooms()).filter((r) => r.participants.find((p) => p.id === r.self)?.role === 'specialist');
      const who = (r: VideoRoom, role: VideoParticipant['role']) => r.participants.find((p) => p.role === role)?.name ?? '';
      return rooms.map((r) => ({ id: r.consultId, roomId: r.id, label: [who(r, 'doctor'), who(r, 'patient')].filter(Boolean).join(' · ') }));
    }
    const { items } = await clinicOf(client).listConsults({ status: 'accepted,in_progress' });
    return items.map((c) => ({ id: c.id, label: `${c.patient.name} · ${c.condition.name}` }));
  }

  /** Before the device check: without consult-id, picks the user's first consult; false when there is none. */
  async pick(): Promise<boolean> {
    const { host } = this;
    if (host.consultId || host.callRole === 'doctor' || this.picked) return true;
    await host.runAction(async () => {
      const candidates = await this.#list();
      this.set({ candidates, picked: candidates[0]?.id });
    });
    return !!this.picked;
  }

  /** The room a specialist is invited to for that consult. */
  roomOf(consultId?: string): string | undefined {
    return this.candidates?.find((c) => c.id === consultId)?.roomId;
  }

  /** Starting again: the choice is made afresh, and the invitations read again (the call just left may be gone). */
  restart(): void {
    if (!this.host.consultId) this.set({ picked: undefined });
    if (this.follows) void this.load();
  }

  /** The one invitation, or the choice between several consults or invitations. */
  render(): TemplateResult {
    const { host } = this;
    const candidates = this.candidates;
    const only = this.follows && candidates?.length === 1 ? candidates[0] : undefined;
    return html`${only ? html`<p part="invitation" class="invitation" role="status">${host.msg('video.invitedTo', { call: only.label })}</p>` : nothing}
    ${candidates && candidates.length > 1 && !host.consultId
      ? html`<div class="field">
          <label for="consult-select">${host.msg(host.callRole === 'specialist' ? 'video.invitationPick' : 'video.consultPick')}</label>
          <select id="consult-select" part="consult-select" .value=${this.picked ?? ''} @change=${(e: Event) => this.set({ picked: (e.target as HTMLSelectElement).value })}>
            ${candidates.map((c) => html`<option value=${c.id} ?selected=${c.id === this.picked}>${c.label}</option>`)}
          </select>
        </div>`
      : nothing}`;
  }
}
