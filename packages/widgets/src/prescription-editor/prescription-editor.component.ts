import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import {
  DEFAULT_PRESCRIPTION_RULES,
  hasBlockingFinding,
  isIhError,
  newIdempotencyKey,
  prescriptionAt,
  prescriptionsOf,
  type Allergy,
  type Drug,
  type Prescription,
  type PrescriptionCheck,
  type PrescriptionDraft,
} from '@ihkit/core';
import { IhElement } from '../internal/ih-element.js';
import { FocusAfterUpdate } from '../internal/focus.js';
import { errorCode, type StringKey } from '../internal/localize.js';
import { viewHeader } from '../internal/view-header.js';
import { ApiController } from '../internal/api-controller.js';
import { emit } from '../internal/events.js';
import { iconAlert, iconCheck } from '../internal/icons.js';
import { LiveNotices } from '../internal/live-notices.js';
import { PractitionerStanding, renderPractitionerNotice } from '../internal/practitioner.js';
import { createRealtime } from '../consult/default-realtime.js';
import { ExpiryTimer } from '../prescription/expiry-timer.js';
import { consultStrings, prescriptionErrorStrings, prescriptionStrings } from '../locales/areas.js';
import { practitionerStrings, prescriptionEditorStrings } from '../locales/staff/area.js';
import { renderAllergies, renderFindings, renderItemsTable, rxError } from '../prescription/prescription-facts.js';
import { SignatureFollowing } from '../prescription/signature-following.js';
import { DrugSearch } from './drug-search.js';
import { daysValid, doseValid, renderOptions, renderReturned, renderRow, renderSearch, renderSummary, weightValid, type DraftOptions, type EditorRow, type RowDrug } from './prescription-editor.view.js';
import styles from './prescription-editor.styles.js';

export { FREQUENCIES, type EditorRow, type RowDrug } from './prescription-editor.view.js';
/** How long the editor waits after the last edit before it asks the gateway to check the draft. */
export const CHECK_DELAY_MS = 300;

type Client = NonNullable<IhElement['client']>;

/**
 * @summary The doctor's e-prescription for a consult: search the catalog, add drugs with dose,
 * frequency and days, see the gateway's checks (allergy, interaction, dose, supply, controlled
 * drugs …) next to the drugs they name as you type, then sign and submit for pharmacist review.
 * A prescription the pharmacist returned shows their reason and can be revised. Kept live: the
 * pharmacist's decision and what follows show as they happen, without touching a draft being
 * written.
 *
 * Inside `<ih-doctor-desk>` put it in the `prescribing` slot: the desk sets `consultId`.
 *
 * @event ih-prescription-submitted - A prescription was signed and submitted (or revised and
 *   resubmitted). `detail: { prescriptionId }`.
 *
 * @csspart base - The card around the widget.
 * @csspart header - The heading row.
 * @csspart heading - The heading.
 * @csspart search - The drug search (combobox and its list).
 * @csspart search-input - The search input (a combobox).
 * @csspart search-results - The list of matching drugs (a listbox).
 * @csspart search-option - One drug in the search results.
 * @csspart controlled-badge - Marks a controlled drug (also one whose control class the HIS has not recorded, which counts as controlled).
 * @csspart items - The drugs being prescribed; in the priced table, the table.
 * @csspart item - One drug.
 * @csspart item-remove-button - Removes a drug from the prescription.
 * @csspart dose-input - An item's dose.
 * @csspart frequency-select - An item's frequency.
 * @csspart days-input - An item's number of days.
 * @csspart note-input - An item's note.
 * @csspart field-error - A validation message.
 * @csspart options - Urgent, chronic, reason, weight, guardian, validity.
 * @csspart reason-input - Why a chronic prescription needs a long supply.
 * @csspart weight-input - The patient's weight (children).
 * @csspart valid-days-select - How many days the prescription stays valid.
 * @csspart findings - A list of findings.
 * @csspart finding - One finding; also `finding-error` (with `finding-contraindicated` for an allergy, a major interaction or an age limit) or `finding-warning`.
 * @csspart check-status - Whether the check is running, passed or failed.
 * @csspart priced - The items as the gateway priced them, with the total.
 * @csspart total - The total.
 * @csspart allergies - The patient's recorded allergies.
 * @csspart submit-button - Signs and submits.
 * @csspart sign-on-phone - While the signature waits for the doctor to confirm it on their phone.
 * @csspart submit-error - Why that failed.
 * @csspart practitioner-notice - Why the signed-in doctor cannot prescribe now (no internet-practice permission, or not yet or no longer valid), after a check or signing was refused for it.
 * @csspart summary - A signed prescription.
 * @csspart status - The signed prescription's status badge; also `status-<state>`.
 * @csspart signature - The signed prescription's signature facts.
 * @csspart returned - A prescription the pharmacist returned.
 * @csspart return-reason - The pharmacist's reason for returning it.
 * @csspart revise-button - Starts revising.
 * @csspart new-button - Starts a new prescription.
 * @csspart loading - The loading skeleton.
 * @csspart error - An error state.
 * @csspart retry-button - Retries a failed load.
 * @csspart sign-in - Signed out.
 *
 * @cssproperty --ih-color-primary - Brand colour.
 * @cssproperty --ih-color-on-primary - Text on the brand colour.
 * @cssproperty --ih-color-bg - Background.
 * @cssproperty --ih-color-surface - Subtle background.
 * @cssproperty --ih-color-text - Body text.
 * @cssproperty --ih-color-muted - Secondary text.
 * @cssproperty --ih-color-danger - Error findings, allergies.
 * @cssproperty --ih-color-success - A passed check.
 * @cssproperty --ih-color-warning - Warning findings.
 * @cssproperty --ih-color-border - Borders.
 * @cssproperty --ih-radius - Corner radius.
 * @cssproperty --ih-font-family - Font stack.
 * @cssproperty --ih-font-size - Base size (px/em).
 */
export class IhPrescriptionEditor extends IhElement {
  static override styles = styles;
  static override properties = {
    consultId: { attribute: 'consult-id' },
    headingLevel: { attribute: 'heading-level', type: Number },
    maxItems: { attribute: 'max-items', type: Number },
    rows: { state: true },
    urgent: { state: true },
    chronic: { state: true },
    longSupplyReason: { state: true },
    weight: { state: true },
    guardianPresent: { state: true },
    validDays: { state: true },
    check: { state: true },
    checkedKey: { state: true },
    checking: { state: true },
    checkError: { state: true },
    submitting: { state: true },
    submitError: { state: true },
    signed: { state: true },
    revising: { state: true },
    editing: { state: true },
  };

  static override stringAreas = [...IhElement.stringAreas, consultStrings, prescriptionStrings, prescriptionEditorStrings, prescriptionErrorStrings, practitionerStrings];

  protected override get signInHint(): StringKey {
    return 'rxEditor.signInHint';
  }

  /** The consult to prescribe for (the doctor desk sets it). */
  consultId?: string;
  /** The ARIA level of the heading, to fit the host page's outline. */
  headingLevel = 3;
  /** How many drugs one prescription may hold (the gateway checks it too). */
  maxItems = DEFAULT_PRESCRIPTION_RULES.maxItems;

  private rows: EditorRow[] = [];
  private urgent = false;
  private chronic = false;
  private longSupplyReason = '';
  private weight = '';
  private guardianPresent = false;
  private validDays = 1;
  /** The last check's answer, and the draft (as JSON) it was for. */
  private check?: PrescriptionCheck;
  private checkedKey?: string;
  private checking = false;
  private checkError?: unknown;
  private submitting = false;
  private submitError?: unknown;
  /** The prescription just signed (shown instead of the editor). */
  private signed?: Prescription;
  /** The returned prescription being revised. */
  private revising?: Prescription;
  /** The doctor chose to write (a new one, or a revision) rather than see the latest. */
  private editing = false;

  #nextKey = 1;
  readonly #search = new DrugSearch(this, () => this.client, (drug) => this.#add(drug));
  #checkTimer?: ReturnType<typeof setTimeout>;
  #checkAbort?: AbortController;
  #scheduledKey?: string;
  #intent?: { key: string; what: string };
  #rev = 0;
  readonly #focus = new FocusAfterUpdate(this);

  /** The patient's age and allergies and the gateway's limits, before any drug is chosen. */
  readonly #context = new ApiController(this, {
    args: () => (this.client && this.consultId ? ([this.client, this.consultId] as const) : undefined),
    task: ([client, consultId], signal) =>
      prescriptionsOf(client).getPrescribingContext(consultId, { signal }).then((c) => {
        // A page reloaded while the doctor confirms a new prescription on their phone: followed again.
        this.#signing.resume(c, 'prescription');
        return c;
      }),
  });

  /** A signature waiting for the doctor on their phone (the gateway answered 202), followed until it ends. */
  readonly #signing = new SignatureFollowing(this, this.l10n, () => this.config, (outcome) => (isIhError(outcome) ? (this.submitError = outcome) : this.#signedNow(outcome)));

  /** Signing: the call on its way, or the signature waiting on the phone. */
  get #waiting(): boolean {
    return this.submitting || !!this.#signing.pending;
  }

  /** The gateway's limits (the law's defaults until the context has arrived). */
  get #rules() {
    return this.#context.value?.rules ?? DEFAULT_PRESCRIPTION_RULES;
  }

  /** Whether a field that applies only below an age is shown: always, until the age is known. */
  #under(age: number | undefined): boolean {
    const patientAge = this.#context.value?.patient.age;
    return patientAge === undefined || age === undefined || patientAge < age;
  }

  /** The consult's prescriptions, newest first: a returned one is offered for revision. */
  readonly #existing = new ApiController(this, {
    args: () => (this.client && this.consultId ? ([this.client, this.consultId, this.#rev] as const) : undefined),
    task: ([client, consultId], signal) =>
      prescriptionsOf(client).listPrescriptions({ consultId }, { signal }).then((r) => {
        // A revision waiting for the doctor on their phone (the page reloaded meanwhile): followed again.
        for (const p of r.items) this.#signing.resume(p, 'prescription');
        return r.items;
      }),
    isEmpty: (items: Prescription[]) => items.length === 0,
  });

  /** The consult's prescriptions, read again when the gateway says one of the doctor's changed (or after a reconnect). */
  readonly #live = new LiveNotices<string>(
    this,
    () => (this.client && this.consultId ? this.config?.realtime(createRealtime) : undefined),
    (realtime, fn) => realtime.onPrescription(fn),
    () => void this.#refreshExisting(),
  );

  /** The prescription shown turns expired at the end of its validity. */
  readonly #expiry = new ExpiryTimer(this, () => {
    const shown = this.signed ?? this.#existing.value?.[0];
    return shown && !this.editing ? [shown] : [];
  });

  /**
   * Reads the consult's prescriptions again in the background. The one just signed gives way to
   * the list once the pharmacist has decided (returned: the reason and 改处方 show).
   */
  async #refreshExisting(): Promise<void> {
    await this.#existing.refresh();
    const now = this.#existing.value?.find((p) => p.id === this.signed?.id);
    if (this.signed && now && now.status !== this.signed.status) this.signed = undefined;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.#checkTimer);
    this.#checkAbort?.abort();
    this.#scheduledKey = undefined;
  }

  /** Clears the form (a new prescription). */
  reset(): void {
    this.rows = [];
    this.urgent = this.chronic = this.guardianPresent = false;
    this.longSupplyReason = this.weight = '';
    this.validDays = 1;
    this.#search.clear();
    this.check = this.checkedKey = this.checkError = this.submitError = this.signed = this.revising = undefined;
    this.editing = false;
    this.#intent = undefined;
    this.#checkAbort?.abort();
    clearTimeout(this.#checkTimer);
    this.#scheduledKey = undefined;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('consultId') && changed.get('consultId') !== undefined) this.reset();
    this.#scheduleCheck();
  }


  // ——— the draft and its check ———

  /** The prescription's options as the doctor set them. */
  #options(): DraftOptions {
    const { urgent, chronic, longSupplyReason, weight, guardianPresent, validDays } = this;
    return { urgent, chronic, longSupplyReason, weight, guardianPresent, validDays };
  }

  /** The draft as the contract takes it, or undefined while a field is not valid. */
  #draft(): PrescriptionDraft | undefined {
    if (!this.rows.length || !this.rows.every((r) => doseValid(r) && daysValid(r)) || !weightValid(this.weight)) return undefined;
    const reason = this.longSupplyReason.trim();
    return {
      items: this.rows.map((r) => ({ drugId: r.drug.id, dose: Number(r.dose), frequency: r.frequency, days: Number(r.days), ...(r.note.trim() ? { note: r.note.trim() } : {}) })),
      urgent: this.urgent,
      chronic: this.chronic,
      ...(this.chronic && reason ? { longSupplyReason: reason } : {}),
      ...(this.weight.trim() ? { weightKg: Number(this.weight) } : {}),
      guardianPresent: this.guardianPresent,
      validDays: this.validDays,
    };
  }

  /** Runs the gateway's checks CHECK_DELAY_MS after the draft last changed; a newer run aborts the older. */
  #scheduleCheck(): void {
    if (!this.client || !this.consultId || this.signed) return;
    const draft = this.#draft();
    const key = draft ? JSON.stringify(draft) : undefined;
    if (key === this.#scheduledKey) return;
    this.#scheduledKey = key;
    clearTimeout(this.#checkTimer);
    this.#checkAbort?.abort();
    this.checking = false;
    if (!draft || !key) {
      if (!this.rows.length) this.check = this.checkedKey = undefined;
      return;
    }
    const client = this.client;
    const consultId = this.consultId;
    this.#checkTimer = setTimeout(() => void this.#runCheck(client, consultId, draft, key), CHECK_DELAY_MS);
  }

  /** Why the doctor may not prescribe, read after the gateway refused a check or a signature for it. */
  readonly #standing: PractitionerStanding = new PractitionerStanding(this, () => this.client, true);

  /** After a refusal for who the doctor is (PRACTITIONER_NOT_PERMITTED): read why, to say it plainly. */
  #refusedFor(e: unknown): void {
    if (errorCode(e) === 'PRACTITIONER_NOT_PERMITTED') void this.#standing.check();
  }

  /** Whether `e` is a refusal the practitioner notice already explains. */
  #explained(e: unknown): boolean {
    return errorCode(e) === 'PRACTITIONER_NOT_PERMITTED' && !!this.#standing.refused;
  }

  async #runCheck(client: Client, consultId: string, draft: PrescriptionDraft, key: string): Promise<void> {
    const abort = (this.#checkAbort = new AbortController());
    this.checking = true;
    try {
      const revises = this.revising?.id;
      const check = await prescriptionsOf(client).checkPrescription(consultId, draft, { signal: abort.signal }, revises ? { revises } : {});
      if (abort.signal.aborted) return;
      this.check = check;
      this.checkedKey = key;
      this.checkError = undefined;
    } catch (e) {
      if (abort.signal.aborted) return;
      this.checkError = e;
      this.#refusedFor(e);
    } finally {
      if (!abort.signal.aborted) this.checking = false;
    }
  }

  /** Whether the current draft was checked and nothing stops it. */
  #canSubmit(draftKey: string | undefined): boolean {
    return !!draftKey && draftKey === this.checkedKey && !!this.check && !hasBlockingFinding(this.check.findings) && !this.#waiting;
  }

  #add(drug: RowDrug): void {
    if (this.rows.length >= this.maxItems) return;
    const d = drug as Partial<Drug>;
    const dose = d.adultDose?.min ?? d.unitDose ?? '';
    this.rows = [...this.rows, { key: this.#nextKey++, drug, dose: String(dose), frequency: 'qd', days: String(Math.min(DEFAULT_PRESCRIPTION_RULES.maxDays, 7)), note: '' }];
    this.#search.clear();
  }

  #remove(row: EditorRow): void {
    this.rows = this.rows.filter((r) => r !== row);
    this.#focus.next('[part~="search-input"]');
  }

  #edit(row: EditorRow, change: Partial<EditorRow>): void {
    this.rows = this.rows.map((r) => (r === row ? { ...r, ...change } : r));
  }

  // ——— submit, revise ———

  async #submit(): Promise<void> {
    const client = this.client;
    const consultId = this.consultId;
    const draft = this.#draft();
    const key = draft ? JSON.stringify(draft) : undefined;
    if (!client || !consultId || !draft || !this.#canSubmit(key)) return;
    const revising = this.revising;
    const what = `${revising?.id ?? ''}:${key}`;
    if (this.#intent?.what !== what) this.#intent = { key: newIdempotencyKey(), what };
    // The gateway asked for a fresh sign-in: the doctor clicked to give it (the identity provider's
    // window opens from this click), then the same prescription is sent again, same key.
    const reauthenticate = this.#reauthenticationAsked() ? this.config?.reauthenticate : undefined;
    const asked = this.submitError;
    this.submitting = true;
    this.submitError = undefined;
    try {
      if (reauthenticate) {
        try {
          await reauthenticate();
        } catch {
          // Closed or cancelled: still asked, the draft as it was.
          this.submitError = asked;
          return;
        }
      }
      const rx = revising
        ? await prescriptionsOf(client).revisePrescription(revising.id, draft, { respondAsync: true })
        : await prescriptionsOf(client).createPrescription(consultId, draft, { idempotencyKey: this.#intent.key, respondAsync: true });
      // Waiting for the doctor's phone: followed, the draft kept until it is signed.
      if (!this.#signing.accepted(rx)) this.#signedNow(rx);
    } catch (e) {
      if (isIhError(e) && e.code === 'PRESCRIPTION_CHECK_FAILED' && e.findings.length && this.check) {
        // The gateway checked again at signing and refused: show what it found.
        this.check = { ...this.check, findings: [...e.findings] };
        this.checkedKey = key;
      }
      this.submitError = e;
      this.#refusedFor(e);
    } finally {
      this.submitting = false;
    }
  }

  #signedNow(rx: Prescription): void {
    this.reset();
    this.signed = rx;
    this.#rev++;
    this.#focus.next('[part~="summary"]');
    emit(this, 'ih-prescription-submitted', { prescriptionId: rx.id });
  }

  /** The gateway wants a recent sign-in before signing, and the page can get one (`<ih-provider>.reauthenticate`). */
  #reauthenticationAsked(): boolean {
    return isIhError(this.submitError) && this.submitError.code === 'REAUTHENTICATION_REQUIRED' && !!this.config?.reauthenticate;
  }

  /** Starts revising a returned prescription from its items. */
  #revise(p: Prescription): void {
    this.reset();
    this.revising = p;
    this.editing = true;
    this.rows = p.items.map((i) => ({
      key: this.#nextKey++,
      drug: { id: i.drugId, name: i.name, nameEn: i.nameEn, strength: i.strength, doseUnit: i.doseUnit },
      dose: String(i.dose),
      frequency: i.frequency,
      days: String(i.days),
      note: i.note ?? '',
    }));
    this.urgent = p.urgent;
    this.chronic = p.chronic;
    this.longSupplyReason = p.longSupplyReason ?? '';
    this.weight = p.patient.weightKg ? String(p.patient.weightKg) : '';
    this.guardianPresent = p.guardianPresent ?? false;
    this.validDays = p.validDays;
    this.#focus.next('[part~="search-input"]');
  }

  #startNew(): void {
    this.reset();
    this.editing = true;
    this.#focus.next('[part~="search-input"]');
  }

  // ——— rendering ———

  protected override render(): TemplateResult {
    return html`<section part="base" lang=${this.l10n.locale} aria-label=${this.msg('rxEditor.label')}>
      ${viewHeader({ heading: this.msg('rxEditor.heading'), level: this.headingLevel })}
      ${this.#renderBody()}
    </section>`;
  }

  #renderBody(): TemplateResult {
    if (!this.config) return this.renderNotConfigured();
    if (!this.config.session.signedIn) return this.renderSignIn();
    if (!this.consultId) return html`<p class="muted">${this.msg('rxEditor.noConsult')}</p>`;
    const now = Date.now();
    if (this.signed) {
      const signed = prescriptionAt(this.signed, now);
      return renderSummary(signed, signed.status === this.signed.status ? this.msg('rxEditor.signed') : undefined, this.headingLevel + 1, this.l10n, () => this.#startNew());
    }
    if (this.editing) return this.#renderEditor(this.#existing.value?.[0]?.allergies);
    return this.renderApi(
      this.#existing,
      (items) => {
        const latest = prescriptionAt(items[0]!, now);
        if (latest.status === 'returned') return renderReturned(latest, this.l10n, () => this.#revise(latest));
        if (latest.status === 'cancelled' || latest.status === 'expired') return this.#renderEditor(latest.allergies);
        return renderSummary(latest, undefined, this.headingLevel + 1, this.l10n, () => this.#startNew());
      },
      () => this.#renderEditor(),
      2,
    );
  }

  #renderEditor(knownAllergies?: readonly Allergy[]): TemplateResult {
    const draft = this.#draft();
    const key = draft ? JSON.stringify(draft) : undefined;
    const fresh = !!key && key === this.checkedKey ? this.check : undefined;
    const check = fresh ?? this.check;
    const findings = check?.findings ?? [];
    const allergies = this.check?.allergies ?? this.#context.value?.allergies ?? knownAllergies;
    const general = findings.filter((f) => !f.items?.length);
    const hasError = hasBlockingFinding(findings);
    const canSubmit = this.#canSubmit(key);
    const reauth = this.#reauthenticationAsked();
    const ctx = { unitOf: (i: number) => this.rows[i]?.drug.doseUnit, allergies };
    return html`${this.revising
        ? html`<p class="panel returned" part="returned">
            ${this.msg('rxEditor.revising', { version: this.revising.version })} · ${this.msg('rx.review.reason')}: ${this.revising.review?.reason ?? ''}
          </p>`
        : nothing}
      ${renderPractitionerNotice(this.#standing.refused, 'doctor', this.l10n)}
      ${allergies ? renderAllergies(allergies, this.l10n) : nothing} ${renderSearch(this.#search, this.rows.length >= this.maxItems, this.maxItems, this.l10n, (d) => this.#add(d))}
      <div class="subheading" id="items-heading" role="heading" aria-level=${this.headingLevel + 1}>${this.msg('rxEditor.items')}</div>
      ${this.rows.length
        ? html`<ol part="items" class="rows" aria-labelledby="items-heading">
            ${this.rows.map((r, i) => renderRow(r, i, findings.filter((f) => f.items?.includes(i)), ctx, this.l10n, { edit: (change) => this.#edit(r, change), remove: () => this.#remove(r) }))}
          </ol>`
        : html`<p class="muted">${this.msg('rxEditor.items.empty')}</p>`}
      ${renderOptions(this.#options(), { rules: this.#rules, guardian: this.#under(this.#context.value?.rules.guardianPresenceAge), weight: this.#under(this.#context.value?.rules.childDoseAge) }, this.l10n, (change) => Object.assign(this, change))}
      <div part="check-status" class="check-status" role="status">
        ${this.checking
          ? this.msg('rxEditor.checking')
          : this.checkError !== undefined && !this.#explained(this.checkError)
            ? this.msg('rxEditor.check.failed', { reason: rxError(this.checkError, this.l10n) })
            : fresh && !findings.length
              ? html`${iconCheck} ${this.msg('rxEditor.check.ok')}`
              : ''}
      </div>
      ${general.length
        ? html`<div class="general"><p class="muted">${this.msg('rxEditor.general')}</p>${renderFindings(general, this.l10n, ctx)}</div>`
        : nothing}
      ${check && check.items.length
        ? html`<div part="priced" class="priced">
            <div class="subheading" role="heading" aria-level=${this.headingLevel + 1}>${this.msg('rxEditor.priced')}</div>
            ${renderItemsTable(check.items, check.total, this.l10n, this.msg('rxEditor.priced'))}
          </div>`
        : nothing}
      ${this.submitError !== undefined && !this.#explained(this.submitError)
        ? html`<div part="submit-error" class="alert" role="alert">${iconAlert}<p>${reauth ? this.msg('rxEditor.reauth') : rxError(this.submitError, this.l10n)}</p></div>`
        : nothing}
      <div class="actions">
        <button
          type="button"
          part="submit-button"
          class="button primary"
          aria-disabled=${canSubmit ? 'false' : 'true'}
          aria-describedby=${canSubmit ? nothing : 'submit-why'}
          @click=${() => void this.#submit()}
        >
          ${this.msg(this.#waiting ? 'rxEditor.submitting' : reauth ? 'rxEditor.reauthSubmit' : this.revising ? 'rxEditor.resubmit' : 'rxEditor.submit')}
        </button>
        ${!canSubmit && !this.#waiting
          ? html`<p id="submit-why" class="muted">${this.msg(hasError ? 'rxEditor.blocked' : 'rxEditor.incomplete')}</p>`
          : nothing}
        ${this.#signing.view?.()}
      </div>`;
  }

}

