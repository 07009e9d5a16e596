import { html, nothing, type TemplateResult } from 'lit';
import { familyOf, isConsentCodeShape, isValidResidentId, type FamilyLink, type FamilyRelation, type Patient } from '@ihkit/core';
import { IhElement } from '../internal/ih-element.js';
import { FocusAfterUpdate } from '../internal/focus.js';
import { Ticker } from '../internal/ticker.js';
import { ApiController } from '../internal/api-controller.js';
import type { StringKey } from '../internal/localize.js';
import { emit } from '../internal/events.js';
import { iconAlert } from '../internal/icons.js';
import { accountErrorStrings, bookingErrorStrings } from '../locales/areas.js';
import { familyStrings } from '../locales/family/area.js';
import styles from './family.styles.js';

interface FamilyData {
  /** The family members the user acts for, or asked to (not the user's own record). */
  members: Patient[];
  /** Other accounts' links to the user's own record. */
  forMe: FamilyLink[];
  /** Whether the user has an own record (only then can anyone act for them). */
  hasSelf: boolean;
}

const RELATIONS: readonly FamilyRelation[] = ['child', 'parent', 'spouse', 'other'];
type AddField = 'name' | 'idNumber' | 'relation';
/** 2026年12月7日 / December 7, 2026: the day a link began (a weekday would read as part of the sentence). */
const SINCE: Intl.DateTimeFormatOptions = { year: 'numeric', month: 'long', day: 'numeric' };

/**
 * @summary Family members: add one (by name and resident ID number), prove the link with the
 * one-time code sent to their phone on file (or send a new one), see since when one may act for
 * each, and end any link; and who may act for the signed-in patient, with agree, decline and end.
 * A family member's link is pending until they agree (or, for a child, until the hospital has
 * checked the guardian), and is shown as pending until then.
 *
 * @event ih-family-requested - A family member was added. `detail: { linkId, status }` — the link's id and `pending` or `active`.
 * @event ih-family-linked - A link became active here (the code was confirmed, or the user agreed). `detail: { linkId }`.
 * @event ih-family-ended - A link was ended (removed, withdrawn, declined). `detail: { linkId }`.
 *
 * @csspart base - The card around everything.
 * @csspart message - The confirmation line of the last action.
 * @csspart group - A group (the family members, who may act for me).
 * @csspart group-heading - The heading of a group.
 * @csspart list - A list of links.
 * @csspart list-empty - The line shown when a group has none.
 * @csspart member - A family member; also `member-active`, `member-pending`.
 * @csspart grant - Another account's link to the user; also `grant-active`, `grant-pending`.
 * @csspart badge - A relation or minor badge.
 * @csspart status - A link's status; also `status-active`, `status-pending`.
 * @csspart code-form - Entering the code a family member received.
 * @csspart code-input - The code field.
 * @csspart confirm-button - Confirms the code.
 * @csspart resend-button - Sends a new code.
 * @csspart add-button - Opens the form to add a family member.
 * @csspart add-form - The form to add a family member.
 * @csspart add-input - A field of that form.
 * @csspart relation - The relation choice.
 * @csspart submit-button - Adds the family member.
 * @csspart cancel-button - Closes the form.
 * @csspart field-error - A validation message.
 * @csspart error - An action's error.
 * @csspart approve-button - Agrees that another account may act for the user.
 * @csspart end-button - Ends (removes, withdraws, declines) a link.
 * @csspart end-confirm - The question whether to end it.
 * @csspart keep-button - Keeps the link.
 * @csspart end-confirm-button - Ends the link.
 * @csspart loading - The loading skeleton.
 * @csspart retry-button - Retries a failed load.
 * @csspart sign-in - Shown when the user is not signed in.
 *
 * @cssproperty --ih-color-primary - Brand colour.
 * @cssproperty --ih-color-on-primary - Text on the brand colour.
 * @cssproperty --ih-color-bg - Background.
 * @cssproperty --ih-color-surface - Subtle background.
 * @cssproperty --ih-color-text - Body text.
 * @cssproperty --ih-color-muted - Secondary text.
 * @cssproperty --ih-color-danger - End buttons and errors.
 * @cssproperty --ih-color-success - Active links.
 * @cssproperty --ih-color-warning - Pending links.
 * @cssproperty --ih-color-border - Borders.
 * @cssproperty --ih-radius - Corner radius.
 * @cssproperty --ih-font-family - Font stack.
 * @cssproperty --ih-font-size - Base size (px/em).
 */
export class IhFamily extends IhElement {
  static override styles = styles;
  static override properties = {
    headingLevel: { attribute: 'heading-level', type: Number },
    adding: { state: true },
    addErrors: { state: true },
    message: { state: true },
    ending: { state: true },
    codes: { state: true },
    codeInvalid: { state: true },
    actionFor: { state: true },
  };

  static override stringAreas = [...IhElement.stringAreas, familyStrings, accountErrorStrings, bookingErrorStrings];

  protected override get signInHint(): StringKey {
    return 'family.signInHint';
  }

  /** The ARIA level of the group headings, to fit the host page's outline. */
  headingLevel = 3;

  /** Whether the add form is open. */
  private adding = false;
  private addErrors: Partial<Record<AddField, 'required' | 'invalid'>> = {};
  private message?: string;
  /** The link whose end question is open. */
  private ending?: string;
  /** What is typed in each pending link's code field, by link id. */
  private codes: Record<string, string> = {};
  /** The link whose code is not six digits (checked before asking the gateway). */
  private codeInvalid?: string;
  /** Where the last action's error belongs: a link id, or `add`. */
  private actionFor?: string;

  #form = { name: '', idNumber: '', relation: undefined as FamilyRelation | undefined };
  readonly #focus = new FocusAfterUpdate(this);
  /** The countdown to the next code: every second, only while one is shown. */
  readonly #countdown = new Ticker(this, 1000, () => this.#api.value?.members.some((p) => this.#resendIn(p) > 0) ?? false);

  readonly #api = new ApiController(this, {
    args: () => (this.client ? ([this.client] as const) : undefined),
    task: async ([client], signal): Promise<FamilyData> => {
      const [patients, forMe] = await Promise.all([client.listMyPatients({ signal }), familyOf(client).listLinks({ signal })]);
      return { members: patients.items.filter((p) => p.relation !== 'self'), forMe, hasSelf: patients.items.some((p) => p.relation === 'self') };
    },
  });

  /** Loads the links again. */
  refresh(): Promise<void> {
    return this.#api.refresh();
  }

  /** Seconds until a new code may be sent for the pending member (0: now). */
  #resendIn(p: Patient): number {
    const after = p.pending?.resendAfter;
    return after ? Math.max(0, Math.ceil((Date.parse(after) - Date.now()) / 1000)) : 0;
  }

  /**
   * Runs an action whose failure belongs to `where`; on success says what it `said`, loads again
   * and then moves focus to `focus` (which may exist only in what was loaded).
   */
  async #act(where: string, action: () => Promise<{ said?: string; focus?: string }>): Promise<void> {
    this.actionFor = where;
    this.message = undefined;
    let done: { said?: string; focus?: string } = {};
    await this.runAction(async () => {
      done = await action();
    });
    if (this.actionError !== undefined) return;
    this.actionFor = undefined;
    this.message = done.said;
    await this.#api.refresh();
    this.#focus.next(done.focus);
    this.requestUpdate();
  }

  #client() {
    const client = this.client;
    if (!client) throw new Error('not signed in');
    return client;
  }

  // --- adding ---

  #openAdd(): void {
    this.adding = true;
    this.message = undefined;
    this.#focus.next('#add-name');
  }

  #closeAdd(): void {
    this.adding = false;
    this.addErrors = {};
    if (this.actionFor === 'add') this.actionFor = this.actionError = undefined;
    this.#form = { name: '', idNumber: '', relation: undefined };
    this.#focus.next('[part~="add-button"]');
  }

  #validate(): boolean {
    const f = this.#form;
    const errors: typeof this.addErrors = {};
    if (!f.name.trim()) errors.name = 'required';
    if (!f.idNumber.trim()) errors.idNumber = 'required';
    else if (!isValidResidentId(f.idNumber.trim())) errors.idNumber = 'invalid';
    if (!f.relation) errors.relation = 'required';
    this.addErrors = errors;
    const first = (['name', 'idNumber', 'relation'] as const).find((k) => errors[k]);
    if (first) this.#focus.next(first === 'relation' ? '[part~="relation"] input' : `#add-${first}`);
    return !first;
  }

  #add = (e: Event): void => {
    e.preventDefault();
    if (this.busy || !this.#validate()) return;
    const { name, idNumber, relation } = this.#form;
    void this.#act('add', async () => {
      const p = await this.#client().addFamilyMember({ name: name.trim(), idNumber: idNumber.trim(), relation: relation! });
      emit(this, 'ih-family-requested', { linkId: p.linkId, status: p.status });
      this.adding = false;
      this.addErrors = {};
      this.#form = { name: '', idNumber: '', relation: undefined };
      return {
        said: this.msg(p.status === 'active' ? 'family.requestedActive' : 'family.requested', { name: p.name }),
        focus: p.pending?.waitingFor.includes('code') ? `#code-${p.linkId}` : '[part~="message"]',
      };
    });
  };

  // --- proving ---

  #confirm(p: Patient, e: Event): void {
    e.preventDefault();
    if (this.busy) return;
    const code = this.codes[p.linkId] ?? '';
    if (!isConsentCodeShape(code)) {
      this.codeInvalid = p.linkId;
      this.#focus.next(`#code-${p.linkId}`);
      return;
    }
    this.codeInvalid = undefined;
    void this.#act(p.linkId, async () => {
      await familyOf(this.#client()).confirm(p.linkId, { code });
      this.codes = { ...this.codes, [p.linkId]: '' };
      emit(this, 'ih-family-linked', { linkId: p.linkId });
      return { said: this.msg('family.linked', { name: p.name }), focus: '[part~="message"]' };
    });
  }

  #send(p: Patient): void {
    if (this.busy || this.#resendIn(p) > 0) return;
    void this.#act(p.linkId, async () => {
      await familyOf(this.#client()).sendCode(p.linkId);
      return { focus: `#code-${p.linkId}` };
    });
  }

  #approve(l: FamilyLink): void {
    if (this.busy) return;
    void this.#act(l.id, async () => {
      await familyOf(this.#client()).approve(l.id);
      emit(this, 'ih-family-linked', { linkId: l.id });
      return { said: this.msg('family.approved', { name: l.holderName }), focus: '[part~="message"]' };
    });
  }

  // --- ending ---

  #askEnd(linkId: string): void {
    this.ending = linkId;
    this.message = undefined;
    this.#focus.next(`[data-link="${linkId}"] [part~="keep-button"]`);
  }

  #keep(linkId: string): void {
    this.ending = undefined;
    this.#focus.next(`[data-link="${linkId}"] [part~="end-button"]`);
  }

  #end(linkId: string): void {
    if (this.busy) return;
    void this.#act(linkId, async () => {
      await familyOf(this.#client()).end(linkId);
      this.ending = undefined;
      emit(this, 'ih-family-ended', { linkId });
      return { said: this.msg('family.ended'), focus: '[part~="message"]' };
    });
  }

  // --- rendering ---

  protected override render(): TemplateResult {
    return html`<section part="base" lang=${this.l10n.locale} aria-label=${this.msg('family.label')}>
      <p part="message" class="message" role="status" tabindex="-1" ?hidden=${!this.message}>${this.message ?? ''}</p>
      ${this.renderApi(this.#api, (d) => this.#renderData(d), () => html``)}
    </section>`;
  }

  #renderData(d: FamilyData): TemplateResult {
    return html`<div part="group" class="group">
        <div part="group-heading" class="group-heading" role="heading" aria-level=${this.headingLevel} id="members-heading">${this.msg('family.members')}</div>
        ${d.members.length
          ? html`<ul part="list" class="list" role="list" aria-labelledby="members-heading">${d.members.map((p) => this.#renderMember(p))}</ul>`
          : html`<p part="list-empty" class="muted">${this.msg('family.members.empty')}</p>`}
        ${this.adding
          ? this.#renderAddForm()
          : html`<button type="button" part="add-button" class="button primary add" aria-expanded="false" @click=${() => this.#openAdd()}>${this.msg('family.add')}</button>`}
      </div>
      ${d.hasSelf
        ? html`<div part="group" class="group">
            <div part="group-heading" class="group-heading" role="heading" aria-level=${this.headingLevel} id="for-me-heading">${this.msg('family.forMe')}</div>
            ${d.forMe.length
              ? html`<ul part="list" class="list" role="list" aria-labelledby="for-me-heading">${d.forMe.map((l) => this.#renderGrant(l))}</ul>`
              : html`<p part="list-empty" class="muted">${this.msg('family.forMe.empty')}</p>`}
          </div>`
        : nothing}`;
  }

  #statusBadge(status: 'active' | 'pending'): TemplateResult {
    return html`<span part="status status-${status}" class="status ${status}">${this.msg(`family.status.${status}`)}</span>`;
  }

  #errorFor(where: string): TemplateResult | typeof nothing {
    if (this.actionFor !== where || this.actionError === undefined) return nothing;
    return html`<div part="error" class="alert" role="alert">${iconAlert}<p>${this.l10n.error(this.actionError)}</p></div>`;
  }

  #renderMember(p: Patient): TemplateResult {
    return html`<li part="member member-${p.status}" class="member ${p.status}" data-link=${p.linkId}>
      <div class="member-head" id="member-${p.linkId}">
        <span class="member-name">${p.name}</span>
        <span part="badge" class="badge">${this.msg(`relation.${p.relation}`)}</span>
        ${p.minor ? html`<span part="badge" class="badge">${this.msg('family.minor')}</span>` : nothing}
        ${this.#statusBadge(p.status)}
      </div>
      ${p.status === 'active' && p.since ? html`<p class="muted">${this.msg('family.since', { date: this.l10n.format(p.since, SINCE) })}</p>` : nothing}
      ${p.status === 'pending' ? this.#renderPending(p) : nothing}
      ${this.#errorFor(p.linkId)}
      ${this.#renderEnd(p.linkId, p.status === 'pending' ? 'withdraw' : 'end', p.name, `member-${p.linkId}`)}
    </li>`;
  }

  #renderPending(p: Patient): TemplateResult {
    const pending = p.pending ?? { waitingFor: [] };
    const ways = pending.waitingFor;
    return html`${ways.includes('code') ? this.#renderCode(p) : nothing}
    ${ways.includes('account') ? html`<p class="muted">${this.msg('family.account')}</p>` : nothing}
    ${ways.includes('in_person') ? html`<p class="note">${this.msg('family.inPerson')}</p>` : nothing}
    ${ways.length === 0 ? html`<p class="note">${this.msg('family.noProof')}</p>` : nothing}`;
  }

  #renderCode(p: Patient): TemplateResult {
    const pending = p.pending!;
    const phone = pending.phoneMasked ?? '';
    const line = pending.codeSentAt && pending.codeExpiresAt
      ? this.msg('family.code.sent', { phone, time: this.l10n.clock(pending.codeExpiresAt) })
      : pending.resendAfter
        ? this.msg('family.code.sending', { phone })
        : this.msg('family.code.none', { phone });
    const wait = this.#resendIn(p);
    const busyHere = this.busy && this.actionFor === p.linkId;
    const invalid = this.codeInvalid === p.linkId;
    const id = `code-${p.linkId}`;
    return html`<p class="muted" id="${id}-line">${line}</p>
      <form part="code-form" class="code-form" novalidate @submit=${(e: Event) => this.#confirm(p, e)}>
        <div class="field">
          <label for=${id}>${this.msg('family.code.label')}</label>
          <input
            id=${id}
            part="code-input"
            class="code"
            name="code"
            type="text"
            inputmode="numeric"
            autocomplete="one-time-code"
            maxlength="12"
            aria-describedby="${id}-line${invalid ? ` ${id}-error` : ''}"
            aria-invalid=${invalid ? 'true' : 'false'}
            .value=${this.codes[p.linkId] ?? ''}
            @input=${(e: Event) => {
              this.codes = { ...this.codes, [p.linkId]: (e.target as HTMLInputElement).value };
              if (invalid && isConsentCodeShape((e.target as HTMLInputElement).value)) this.codeInvalid = undefined;
            }}
          />
          ${invalid ? html`<p id="${id}-error" part="field-error" class="field-error">${this.msg('family.code.shape')}</p>` : nothing}
        </div>
        <div class="actions">
          <button type="submit" part="confirm-button" class="button primary" aria-disabled=${busyHere ? 'true' : 'false'}>
            ${busyHere ? this.msg('family.code.confirming') : this.msg('family.code.confirm')}
          </button>
          <button type="button" part="resend-button" class="button" aria-disabled=${wait > 0 || busyHere ? 'true' : 'false'} @click=${() => this.#send(p)}>
            ${wait > 0 ? this.msg('family.code.resendIn', { seconds: wait }) : pending.resendAfter ? this.msg('family.code.resend') : this.msg('family.code.send')}
          </button>
        </div>
      </form>`;
  }

  #renderGrant(l: FamilyLink): TemplateResult {
    const status = l.status === 'active' ? 'active' : 'pending';
    const id = `grant-${l.id}`;
    return html`<li part="grant grant-${status}" class="member ${status}" data-link=${l.id}>
      <div class="member-head" id=${id}>
        <span class="member-name">${l.holderName}</span>
        ${this.#statusBadge(status)}
      </div>
      <p class="muted">${this.msg('family.forMe.relation', { relation: this.msg(`relation.${l.relation}`) })}</p>
      ${status === 'active' && l.since
        ? html`<p class="muted">${this.msg('family.forMe.since', { date: this.l10n.format(l.since, SINCE) })}</p>`
        : html`<p>${this.msg('family.forMe.asks')}</p>`}
      ${this.#errorFor(l.id)}
      ${status === 'pending' && this.ending !== l.id
        ? html`<div class="actions">
            <button type="button" part="approve-button" class="button primary" aria-describedby=${id} aria-disabled=${this.busy ? 'true' : 'false'} @click=${() => this.#approve(l)}>
              ${this.msg('family.approve')}
            </button>
            ${this.#endButton(l.id, 'decline', id)}
          </div>`
        : this.#renderEnd(l.id, status === 'pending' ? 'decline' : 'forMe', l.holderName, id)}
    </li>`;
  }

  #endButton(linkId: string, kind: 'end' | 'withdraw' | 'decline' | 'forMe', describedBy: string): TemplateResult {
    const label = kind === 'withdraw' ? 'family.withdraw' : kind === 'decline' ? 'family.decline' : 'family.end';
    return html`<button type="button" part="end-button" class="button danger" aria-describedby=${describedBy} @click=${() => this.#askEnd(linkId)}>${this.msg(label)}</button>`;
  }

  /** The end button, or the question whether to end the link. */
  #renderEnd(linkId: string, kind: 'end' | 'withdraw' | 'decline' | 'forMe', name: string, describedBy: string): TemplateResult {
    if (this.ending !== linkId) return html`<div class="actions">${this.#endButton(linkId, kind, describedBy)}</div>`;
    const question = { end: 'family.end.question', withdraw: 'family.withdraw.question', decline: 'family.decline.question', forMe: 'family.forMe.end.question' } as const;
    const confirm = { end: 'family.end.confirm', withdraw: 'family.withdraw.confirm', decline: 'family.decline.confirm', forMe: 'family.end.confirm' } as const;
    const busyHere = this.busy && this.actionFor === linkId;
    return html`<div part="end-confirm" class="panel" role="group" aria-labelledby="end-q-${linkId}">
      <p id="end-q-${linkId}">${this.msg(question[kind], { name })}</p>
      <div class="actions">
        <button type="button" part="keep-button" class="button" @click=${() => this.#keep(linkId)}>${this.msg('family.keep')}</button>
        <button type="button" part="end-confirm-button" class="button danger" aria-disabled=${busyHere ? 'true' : 'false'} @click=${() => this.#end(linkId)}>${this.msg(confirm[kind])}</button>
      </div>
    </div>`;
  }

  #renderAddForm(): TemplateResult {
    const e = this.addErrors;
    const field = (f: 'name' | 'idNumber', autocomplete: string, maxlength: number) => {
      const label = this.msg(f === 'name' ? 'family.name' : 'family.idNumber');
      const error = e[f];
      return html`<div class="field">
        <label for="add-${f}">${label}</label>
        <input
          id="add-${f}"
          part="add-input"
          name=${f}
          type="text"
          autocomplete=${autocomplete}
          spellcheck="false"
          maxlength=${maxlength}
          aria-required="true"
          aria-invalid=${error ? 'true' : 'false'}
          aria-describedby=${error ? `add-${f}-error` : nothing}
          .value=${this.#form[f]}
          @input=${(ev: Event) => {
            this.#form = { ...this.#form, [f]: (ev.target as HTMLInputElement).value };
          }}
        />
        ${error
          ? html`<p id="add-${f}-error" part="field-error" class="field-error">${error === 'invalid' ? this.msg('family.idInvalid') : this.msg('family.required', { field: label })}</p>`
          : nothing}
      </div>`;
    };
    const adding = this.busy && this.actionFor === 'add';
    return html`<form part="add-form" class="panel add-form" novalidate aria-labelledby="add-title" @submit=${this.#add}>
      <p id="add-title" class="subheading">${this.msg('family.add')}</p>
      <p class="muted">${this.msg('family.add.hint')}</p>
      ${field('name', 'off', 64)} ${field('idNumber', 'off', 18)}
      <fieldset part="relation" class="relation" aria-describedby=${e.relation ? 'add-relation-error' : nothing}>
        <legend>${this.msg('family.relation')}</legend>
        ${RELATIONS.map(
          (r) => html`<label class="check">
            <input type="radio" name="relation" value=${r} .checked=${this.#form.relation === r} aria-invalid=${e.relation ? 'true' : 'false'} @change=${() => (this.#form = { ...this.#form, relation: r })} />
            ${this.msg(`relation.${r}`)}
          </label>`,
        )}
      </fieldset>
      ${e.relation ? html`<p id="add-relation-error" part="field-error" class="field-error">${this.msg('family.required', { field: this.msg('family.relation') })}</p>` : nothing}
      ${this.#errorFor('add')}
      <div class="actions">
        <button type="submit" part="submit-button" class="button primary" aria-disabled=${adding ? 'true' : 'false'}>${adding ? this.msg('family.adding') : this.msg('family.submit')}</button>
        <button type="button" part="cancel-button" class="button" @click=${() => this.#closeAdd()}>${this.msg('family.cancelAdd')}</button>
      </div>
    </form>`;
  }
}
