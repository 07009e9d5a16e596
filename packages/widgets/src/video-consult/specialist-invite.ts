import { html, nothing, type TemplateResult } from 'lit';
import { videoOf, type Doctor, type VideoRoom } from '@ihkit/core';
import type { CallSession } from './call-session.js';
import type { RecordingConsent } from './recording-consent.js';
import { VideoPart, type VideoHost, type ControlButton } from './video-part.js';

/**
 * The consult's doctor invites a specialist into the call (a city expert joining a county
 * consult): the panel with the choice of doctor, and the confirmation once invited. Not while
 * a recording runs: the specialist would be recorded without their consent.
 */
export class SpecialistInvite extends VideoPart<SpecialistInvite> {
  open = false;
  doctors?: Doctor[];
  chosen?: string;
  /** The specialist just invited, for the confirmation. */
  invited?: string;

  readonly #call: CallSession;
  /** Takes the room the gateway answers with. */
  readonly #onRoom: (room: VideoRoom) => void;
  readonly #recording: Pick<RecordingConsent, 'status' | 'renderLocked'>;

  constructor(host: VideoHost, call: CallSession, onRoom: (room: VideoRoom) => void, recording: Pick<RecordingConsent, 'status' | 'renderLocked'>) {
    super(host);
    this.#call = call;
    this.#onRoom = onRoom;
    this.#recording = recording;
  }

  /** Opens the invitation panel with focus on its choice of doctor; closing it puts focus back on its button. */
  #toggle = async () => {
    const { host } = this;
    const client = host.client;
    this.set({ open: !this.open });
    host.focusNext(this.open ? '[part~="invite-select"]' : '[part~="invite-button"]');
    if (!this.open || this.doctors || !client) return;
    try {
      const doctors = (await client.listDoctors()).items;
      this.set({ doctors, chosen: doctors[0]?.id });
      if (this.open) host.focusNext('[part~="invite-select"]');
    } catch (e) {
      host.actionError = e;
    }
  };

  #send = async () => {
    const { host } = this;
    const client = host.client;
    const room = this.#call.room;
    const doctor = this.doctors?.find((d) => d.id === this.chosen);
    if (!client || !room || !doctor || this.#recording.status) return;
    host.notice = undefined;
    await host.runAction(async () => {
      this.#onRoom(await videoOf(client).invite(room.id, doctor.id));
      this.set({ open: false, invited: host.l10n.pick(doctor.name, doctor.nameEn) });
      host.focusNext('[part~="invite-button"]');
    });
  };

  /** Closes the panel and forgets the confirmation (the call is over). */
  close(): void {
    this.set({ open: false, invited: undefined });
  }

  /** The button that opens the panel (the consult's doctor, in the call). */
  renderButton(button: ControlButton): TemplateResult | typeof nothing {
    return this.host.callRole === 'doctor' ? button('invite-button', 'video.invite.open', this.#toggle, this.open) : nothing;
  }

  /** The panel (while open in a live call) and the confirmation. */
  render(live: boolean): TemplateResult {
    const { host } = this;
    return html`${live && this.open ? this.#renderPanel() : nothing}
    ${this.invited ? html`<p class="muted" role="status">${host.msg('video.invite.sent', { name: this.invited })}</p>` : nothing}`;
  }

  #renderPanel(): TemplateResult {
    const { host } = this;
    const { l10n } = host;
    const doctors = this.doctors;
    return html`<div part="invite-panel" class="panel">
      ${doctors === undefined
        ? host.renderLoading()
        : html`<div class="field">
              <label for="invite-select">${host.msg('video.invite.doctor')}</label>
              <select id="invite-select" part="invite-select" @change=${(e: Event) => this.set({ chosen: (e.target as HTMLSelectElement).value })}>
                ${doctors.map((d) => {
                  const specialty = l10n.pick(d.specialty, d.specialtyEn);
                  return html`<option value=${d.id} ?selected=${d.id === this.chosen}>${l10n.pick(d.name, d.nameEn)}${specialty ? ` · ${specialty}` : ''}</option>`;
                })}
              </select>
            </div>
            <div class="actions">
              <button type="button" part="invite-send-button" class="button primary" aria-disabled=${host.busy || this.#recording.status ? 'true' : 'false'} @click=${this.#send}>
                ${host.msg('video.invite.send')}
              </button>
              <button type="button" part="invite-close-button" class="button" @click=${this.#toggle}>${host.msg('video.invite.close')}</button>
            </div>
            ${this.#recording.renderLocked()}`}
    </div>`;
  }
}
