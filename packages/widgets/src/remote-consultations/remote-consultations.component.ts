import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { remoteConsultationsOf, type AccessGrantRecord, type RemoteConsultation, type RemoteConsultationState, type RemoteConsultationSummary } from '@ihkit/core';
import { IhElement } from '../internal/ih-element.js';
import { ApiController } from '../internal/api-controller.js';
import { viewHeader } from '../internal/view-header.js';
import { emit } from '../internal/events.js';
import type { StringKey } from '../internal/localize.js';
import { remoteStrings } from '../locales/remote/remote-area.js';
import { signatureStrings } from '../locales/signature/area.js';
import { reportsStrings } from '../locales/areas.js';
import { attachableRecords, emptyDraft, recordKey, requestForm, searchPatients, type RequestDraft } from './request-form.js';
import { consultationView, emptyActions, organizationName, nameOf, type ActionDraft } from './consultation-view.js';
import { attachmentContent, readAttachment, readable } from './attachment-view.js';
import styles from './remote-consultations.styles.js';

export type RemoteSide = 'requested' | 'received';
const SIDES: readonly RemoteSide[] = ['requested', 'received'];
const STATES: readonly RemoteConsultationState[] = ['requested', 'scheduled', 'opinion-signed', 'closed', 'declined', 'cancelled'];
/** No live frame carries remote consultations: the list is read again this often, and when the page comes back into view. */
const REFRESH_MS = 60_000;

/**
 * @summary Remote consultations (远程会诊) for a hospital's staff pages: the requesting doctor's
 * tracker — their requests by state with the counts and the average time to an opinion, a new
 * request (the organization asked and perhaps a named expert, the patient, the clinical
 * question, the urgency, the patient's records attached), withdrawing one not yet scheduled,
 * reading the signed opinion with its signer and certificate serial, and closing it — and the
 * receiving side's worklist: its coordinator (a nurse or admin) schedules a request with a time
 * and experts or declines it with a reason; an assigned expert reads the attached lab reports
 * and imaging reports, writes the opinion and signs it on their phone (请在手机上确认签名).
 *
 * No realtime frame carries remote consultations: the list is read again every minute and when
 * the page comes back into view, and at once after each action.
 *
 * @event ih-remote-consultation-created - A request was sent. `detail: { remoteConsultationId, state }`.
 * @event ih-remote-consultation-changed - The user scheduled, declined, cancelled, signed an opinion on or closed one. `detail: { remoteConsultationId, state }`.
 *
 * @csspart base - The card around the widget.
 * @csspart header - The row with the heading.
 * @csspart heading - The heading.
 * @csspart sides - The tabs: requested, received.
 * @csspart side-tab - One tab (also `side-tab-active`).
 * @csspart summary - The counts by state and the average turnaround.
 * @csspart list - The table of consultations.
 * @csspart row - One consultation (also `row-<state>`).
 * @csspart open-button - Opens a consultation.
 * @csspart new-button - Opens the new request form.
 * @csspart request-form - The new request: also `organization-select`, `expert-select`, `question-input`, `urgency`, `attachments`, `attachment-toggle`, `submit-button`.
 * @csspart input - A text field.
 * @csspart search-button - Finds the patient.
 * @csspart matches - The patients found.
 * @csspart match - One patient found; pressed when chosen.
 * @csspart consultation - The consultation open: also `state`, `question`, `attachment`, `attachment-button`, `attachment-content`.
 * @csspart flag - A result's flag (high, low, critical) in an attached lab report.
 * @csspart opinion - The signed opinion: `opinion-text`, `opinion-signer`, `opinion-serial`, `opinion-verified`.
 * @csspart schedule-form - The coordinator's scheduling: `schedule-at`, `experts`, `expert-toggle`, `schedule-button`.
 * @csspart decline-form - Declining: `decline-reason`, `decline-button`.
 * @csspart opinion-form - The expert's opinion: `opinion-input`, `opinion-button`, and `sign-on-phone` while the signature waits.
 * @csspart cancel-button - Withdraws a request.
 * @csspart close-button - Closes a consultation with a signed opinion.
 * @csspart back-button - Back to the list.
 * @csspart done - What the last action did.
 * @csspart field-error - What is wrong.
 * @csspart loading - The loading skeleton.
 * @csspart empty - An empty list.
 * @csspart error - An error state.
 * @csspart retry-button - Retries a failed load.
 * @csspart sign-in - Signed out.
 *
 * @cssproperty --ih-color-primary - Brand colour.
 * @cssproperty --ih-color-bg - Background.
 * @cssproperty --ih-color-surface - Subtle background.
 * @cssproperty --ih-color-text - Body text.
 * @cssproperty --ih-color-muted - Secondary text.
 * @cssproperty --ih-color-danger - Errors.
 * @cssproperty --ih-color-border - Borders.
 * @cssproperty --ih-radius - Corner radius.
 * @cssproperty --ih-font-size - Base size (px/em).
 */
export class IhRemoteConsultations extends IhElement {
  static override styles = styles;
  static override properties = {
    side: { reflect: true },
    headingLevel: { attribute: 'heading-level', type: Number },
    openId: { state: true },
    creating: { state: true },
    draft: { state: true },
    actions: { state: true },
    signing: { state: true },
    opened: { state: true },
    done: { state: true },
  };

  static override stringAreas = [...IhElement.stringAreas, reportsStrings, remoteStrings, signatureStrings];

  protected override get signInHint(): StringKey {
    return 'remote.signInHint';
  }

  /** Which list: `requested` (the caller's requests, the tracker) or `received` (the worklist). */
  side: RemoteSide = 'requested';
  /** The ARIA level of the heading, to fit the host page's outline. */
  headingLevel = 3;

  private openId?: string;
  private creating = false;
  private draft: RequestDraft = emptyDraft();
  private actions: ActionDraft = emptyActions();
  private signing = false;
  private opened?: { key: string; view: TemplateResult };
  private done?: string;
  #timer?: ReturnType<typeof setInterval>;

  readonly #me = new ApiController(this, {
    args: () => (this.client ? ([this.client] as const) : undefined),
    task: ([client], signal) => client.getMe({ signal }),
  });

  readonly #directory = new ApiController(this, {
    args: () => (this.client ? ([this.client] as const) : undefined),
    task: ([client], signal) => remoteConsultationsOf(client).listDirectory({ signal }),
  });

  readonly #list = new ApiController(this, {
    args: () => (this.client ? ([this.client, this.side] as const) : undefined),
    task: ([client, side], signal) => remoteConsultationsOf(client).list({ side }, { signal }),
  });

  readonly #detail = new ApiController(this, {
    args: () => (this.client && this.openId ? ([this.client, this.openId] as const) : undefined),
    task: ([client, id], signal) => remoteConsultationsOf(client).get(id, { signal }),
  });

  readonly #records = new ApiController(this, {
    args: () => (this.client && this.creating && this.draft.patient ? ([this.client, this.draft.patient.patientId] as const) : undefined),
    task: ([client, patientId], signal) => attachableRecords(client, patientId, signal),
  });

  #refresh = () => {
    if (document.visibilityState !== 'visible' || !this.client) return;
    void this.#list.refresh();
    if (this.openId && !this.busy) void this.#detail.refresh();
  };

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener('visibilitychange', this.#refresh);
    this.#timer = setInterval(this.#refresh, REFRESH_MS);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener('visibilitychange', this.#refresh);
    clearInterval(this.#timer);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('side') && changed.get('side') !== undefined) this.#closeDetail(false);
  }

  #focus(selector: string): void {
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(selector)?.focus());
  }

  #open(rc: RemoteConsultation): void {
    this.openId = rc.id;
    this.creating = false;
    this.done = undefined;
    this.opened = undefined;
    this.actions = { ...emptyActions(), experts: new Set(rc.expertUserId ? [rc.expertUserId] : []) };
    this.#focus('[part~="back-button"]');
  }

  #closeDetail(focus = true): void {
    const id = this.openId;
    this.openId = undefined;
    this.opened = undefined;
    if (focus && id) this.#focus(`[data-open="${id}"]`);
  }

  #selectSide(side: RemoteSide): void {
    if (side === this.side) return;
    this.side = side;
    this.creating = false;
    this.done = undefined;
  }

  #onTabKey = (e: KeyboardEvent) => {
    if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft' && e.key !== 'Home' && e.key !== 'End') return;
    e.preventDefault();
    const i = SIDES.indexOf(this.side);
    const next = e.key === 'Home' ? 0 : e.key === 'End' ? SIDES.length - 1 : (i + (e.key === 'ArrowRight' ? 1 : SIDES.length - 1)) % SIDES.length;
    this.#selectSide(SIDES[next]!);
    this.#focus(`#rc-tab-${SIDES[next]}`);
  };

  #search = (e: Event) => {
    e.preventDefault();
    if (this.draft.query.trim().length < 2) {
      this.#focus('#rc-patient');
      return;
    }
    void this.runAction(async () => {
      try {
        this.draft.problem = undefined;
        await searchPatients(this.client!, this.draft);
      } catch (err) {
        this.draft.problem = err;
      }
      this.draft = { ...this.draft };
    });
  };

  #submitRequest = (e: Event) => {
    e.preventDefault();
    const d = this.draft;
    const patient = d.patient;
    if (!d.organizationId || !patient || !d.question.trim()) {
      this.draft = { ...d, problem: 'required' };
      return;
    }
    const records = this.#records.value?.items ?? [];
    const attachments: AccessGrantRecord[] = records.filter((r) => d.attached.has(recordKey(r))).map((r) => ({ kind: r.kind, id: r.id }));
    void this.runAction(async () => {
      try {
        const rc = await remoteConsultationsOf(this.client!).create({
          receivingOrganizationId: d.organizationId, ...(d.expertUserId ? { expertUserId: d.expertUserId } : {}),
          patientId: patient.patientId, question: d.question.trim(), urgency: d.urgency, attachments,
        });
        this.draft = emptyDraft();
        this.creating = false;
        this.done = this.msg('remote.form.done');
        emit(this, 'ih-remote-consultation-created', { remoteConsultationId: rc.id, state: rc.state });
        await this.#list.refresh();
        this.#focus('[part~="done"]');
      } catch (err) {
        this.draft = { ...d, problem: err };
      }
    });
  };

  /** Runs one action on the open consultation: the answer shown, the list read again, the change told. */
  #act(action: (id: string) => Promise<RemoteConsultation>): void {
    const id = this.openId;
    if (!id) return;
    void this.runAction(async () => {
      const rc = await action(id);
      this.actions = emptyActions();
      this.done = this.msg('remote.done');
      this.#detail.value = rc;
      emit(this, 'ih-remote-consultation-changed', { remoteConsultationId: rc.id, state: rc.state });
      await this.#list.refresh();
      this.#focus('#rc-heading');
    });
  }

  #schedule = (e: Event) => {
    e.preventDefault();
    const a = this.actions;
    const at = a.scheduledAt ? new Date(a.scheduledAt) : undefined;
    if (!at || Number.isNaN(at.getTime()) || !a.experts.size) {
      this.actions = { ...a, problem: 'schedule' };
      return;
    }
    this.#act((id) => remoteConsultationsOf(this.client!).schedule(id, { scheduledAt: at.toISOString(), experts: [...a.experts] }));
  };

  #decline = (e: Event) => {
    e.preventDefault();
    const reason = this.actions.reason.trim();
    if (!reason) {
      this.actions = { ...this.actions, problem: 'decline' };
      return;
    }
    this.#act((id) => remoteConsultationsOf(this.client!).decline(id, reason));
  };

  #submitOpinion = (e: Event) => {
    e.preventDefault();
    const opinion = this.actions.opinion.trim();
    if (!opinion) {
      this.actions = { ...this.actions, problem: 'opinion' };
      return;
    }
    this.actions = { ...this.actions, problem: undefined };
    this.signing = true;
    this.#act(async (id) => {
      try {
        return await remoteConsultationsOf(this.client!).submitOpinion(id, opinion);
      } finally {
        this.signing = false;
      }
    });
  };

  #openAttachment = (r: AccessGrantRecord) => {
    const key = recordKey(r);
    if (this.opened?.key === key) {
      this.opened = undefined;
      return;
    }
    if (!readable(r) || !this.client) return;
    this.opened = { key, view: this.renderLoading(2) };
    readAttachment(this.client, r).then(
      (c) => this.opened?.key === key && (this.opened = { key, view: attachmentContent(c, this.l10n) }),
      (err: unknown) => this.opened?.key === key && (this.opened = { key, view: html`<p part="field-error" class="field-error" role="alert">${this.l10n.error(err)}</p>` }),
    );
  };

  protected override render(): TemplateResult {
    return html`<section part="base" lang=${this.l10n.locale} aria-label=${this.msg('remote.label')}>
      ${viewHeader({
        heading: this.msg('remote.label'),
        level: this.headingLevel,
        ...(this.openId ? { back: { label: this.msg('remote.back'), onClick: () => this.#closeDetail() } } : {}),
      })}
      ${this.config?.session.signedIn ? this.#renderSides() : nothing}
      ${this.config?.session.signedIn
        ? html`<div id="rc-panel" role="tabpanel" aria-labelledby="rc-tab-${this.side}">${this.#renderPanel()}</div>`
        : this.#renderPanel()}
    </section>`;
  }

  #renderPanel(): TemplateResult {
    return this.renderApi(this.#directory, () => (this.openId ? this.#renderDetail() : this.#renderList()), () => html``);
  }

  #renderSides(): TemplateResult {
    return html`<div part="sides" class="sides" role="tablist" aria-label=${this.msg('remote.sides')} @keydown=${this.#onTabKey}>
      ${SIDES.map(
        (s) => html`<button type="button" role="tab" id="rc-tab-${s}" part="side-tab ${s === this.side ? 'side-tab-active' : ''}" class="tab" aria-selected=${s === this.side ? 'true' : 'false'}
          aria-controls="rc-panel" tabindex=${s === this.side ? 0 : -1} @click=${() => this.#selectSide(s)}>${this.msg(`remote.side.${s}`)}</button>`,
      )}
    </div>`;
  }

  #renderList(): TemplateResult {
    const directory = this.#directory.value!;
    return html`<div>
      ${this.done ? html`<p part="done" class="message-line" role="status" tabindex="-1">${this.done}</p>` : nothing}
      ${this.actionError ? html`<p part="field-error" class="field-error" role="alert">${this.l10n.error(this.actionError)}</p>` : nothing}
      ${this.renderApi(
        this.#list,
        ({ items, summary }) => html`${this.#renderSummary(summary)}
          ${items.length
            ? html`<div class="table-wrap">
                <table part="list" class="data-table" aria-label=${this.msg(`remote.side.${this.side}`)}>
                  <thead>
                    <tr>
                      <th scope="col">${this.msg('remote.col.created')}</th>
                      <th scope="col">${this.msg('remote.col.organization')}</th>
                      <th scope="col">${this.msg('remote.col.urgency')}</th>
                      <th scope="col">${this.msg('remote.col.state')}</th>
                      <th scope="col">${this.msg('remote.col.scheduled')}</th>
                      <th scope="col">${this.msg('remote.col.actions')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    ${items.map((rc) => {
                      const other = this.side === 'requested' ? rc.receivingOrganizationId : rc.requestingOrganizationId;
                      return html`<tr part="row row-${rc.state}">
                        <th scope="row" data-label=${this.msg('remote.col.created')}>${this.l10n.clock(rc.createdAt)}</th>
                        <td data-label=${this.msg('remote.col.organization')}>${organizationName(directory, other)}${this.side === 'received' ? html` <span class="muted">${nameOf(directory, rc.requestedBy)}</span>` : nothing}</td>
                        <td data-label=${this.msg('remote.col.urgency')} class="urgency-${rc.urgency}">${this.msg(`remote.urgency.${rc.urgency}`)}</td>
                        <td data-label=${this.msg('remote.col.state')}>${this.msg(`remote.state.${rc.state}`)}</td>
                        <td data-label=${this.msg('remote.col.scheduled')}>${rc.scheduledAt ? this.l10n.clock(rc.scheduledAt) : '—'}</td>
                        <td class="row-actions">
                          <button type="button" part="open-button" class="button" data-open=${rc.id} aria-label=${`${this.msg('remote.open')} · ${this.l10n.clock(rc.createdAt)} · ${organizationName(directory, other)}`}
                            @click=${() => this.#open(rc)}>${this.msg('remote.open')}</button>
                        </td>
                      </tr>`;
                    })}
                  </tbody>
                </table>
              </div>`
            : this.renderEmpty(this.msg(`remote.empty.${this.side}`))}`,
        () => html``,
      )}
      ${this.side === 'requested' && this.#me.value?.role === 'doctor' ? this.#renderNew() : nothing}
    </div>`;
  }

  #renderSummary(summary: RemoteConsultationSummary): TemplateResult {
    const avg = summary.averageTurnaroundSeconds;
    return html`<div part="summary" class="summary">
      <ul class="counts" aria-label=${this.msg('remote.summary')}>
        ${STATES.map((s) => html`<li><span class="count">${summary.counts[s]}</span> <span class="muted">${this.msg(`remote.state.${s}`)}</span></li>`)}
      </ul>
      ${avg !== undefined
        ? html`<p class="muted">${this.msg('remote.summary.turnaround', { duration: this.msg('remote.duration', { hours: Math.floor(avg / 3600), minutes: Math.round((avg % 3600) / 60) }) })}</p>`
        : nothing}
    </div>`;
  }

  #renderNew(): TemplateResult {
    if (!this.creating) {
      return html`<div class="actions">
        <button type="button" part="new-button" class="button primary" @click=${() => { this.creating = true; this.done = undefined; this.#focus('#new-request'); }}>${this.msg('remote.new')}</button>
      </div>`;
    }
    return requestForm({
      draft: this.draft,
      directory: this.#directory.value!,
      records: this.#records.status === 'ready' || this.#records.status === 'empty' ? (this.#records.value ?? { items: [], refused: false }) : undefined,
      busy: this.busy,
      msg: (k, p) => this.msg(k, p),
      date: (at) => this.l10n.date(at, true),
      error: (e) => this.l10n.error(e),
      // The draft is changed in place (a handler rendered earlier holds the same object), then shown.
      changed: () => {
        this.draft.problem = undefined;
        this.requestUpdate();
      },
      search: this.#search,
      submit: this.#submitRequest,
    });
  }

  #renderDetail(): TemplateResult {
    const me = this.#me.value;
    return html`<div>
      ${this.renderApi(
        this.#detail,
        (rc) => html`${this.done ? html`<p part="done" class="message-line" role="status">${this.done}</p>` : nothing}
          ${consultationView({
            rc,
            viewer: { userId: me?.id ?? '', role: me?.role ?? '', side: this.side },
            directory: this.#directory.value!,
            draft: this.actions,
            busy: this.busy,
            signing: this.signing,
            signingView: () => html`<p part="sign-on-phone" class="message-line" role="status">${this.msg('rx.signOnPhone')}</p>`,
            opened: this.opened,
            msg: (k, p) => this.msg(k, p),
            clock: (at) => this.l10n.clock(at),
            changed: () => {
              this.actions.problem = undefined;
              this.requestUpdate();
            },
            open: this.#openAttachment,
            schedule: this.#schedule,
            decline: this.#decline,
            submitOpinion: this.#submitOpinion,
            cancel: () => this.#act((id) => remoteConsultationsOf(this.client!).cancel(id)),
            close: () => this.#act((id) => remoteConsultationsOf(this.client!).close(id)),
          })}
          ${this.actionError ? html`<p part="field-error" class="field-error" role="alert">${this.l10n.error(this.actionError)}</p>` : nothing}`,
        () => html``,
      )}
    </div>`;
  }
}
