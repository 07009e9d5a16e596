/**
 * The requesting doctor's new remote consultation (新建会诊申请): the organization asked and
 * perhaps a named expert of it (from the directory), the patient — found by name or the last
 * digits of an ID number or phone, sent in a request body (searchCarePatients), never a URL —
 * the clinical question, the urgency, and the records attached: the patient's lab reports,
 * imaging studies, consults and prescriptions that the doctor reads themselves (the existing
 * list operations; what the doctor may not read is simply not offered). Rendered by
 * <ih-remote-consultations>, which holds the draft (`RequestDraft`) and sends it.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { clinicOf, prescriptionsOf, type AccessGrantRecord, type CarePatientMatch, type IhClient, type RemoteConsultationDirectory, type RemoteConsultationUrgency } from '@ihkit/core';
import { errorCode, type StringKey } from '../internal/localize.js';

export const URGENCIES: readonly RemoteConsultationUrgency[] = ['routine', 'urgent', 'emergency'];

/** A record the doctor may attach, with what shows it in the list (its title, or its kind and date). */
export interface Attachable extends AccessGrantRecord {
  label: string;
  at?: string;
}

export interface RequestDraft {
  organizationId: string;
  expertUserId: string;
  query: string;
  matches?: CarePatientMatch[];
  patient?: CarePatientMatch;
  question: string;
  urgency: RemoteConsultationUrgency;
  /** The chosen records, `kind id`. */
  attached: Set<string>;
  /** What was wrong at the last send: a field left out, or the error. */
  problem?: 'required' | unknown;
}

export const emptyDraft = (): RequestDraft => ({ organizationId: '', expertUserId: '', query: '', question: '', urgency: 'routine', attached: new Set() });

export const recordKey = (r: AccessGrantRecord): string => `${r.kind} ${r.id}`;

/** The records a request can attach, and whether a kind was refused (the doctor does not treat the patient). */
export interface AttachableRecords {
  items: Attachable[];
  refused: boolean;
}

/**
 * The patient's records the doctor reads, newest first within each kind; a kind the doctor may
 * not list is left out, and said. Lab reports and studies through the contract's typed call, as
 * attachment-view.ts reads them (not ReportsClient: see there).
 */
export async function attachableRecords(client: IhClient, patientId: string, signal: AbortSignal): Promise<AttachableRecords> {
  const [labs, studies, consults, prescriptions] = await Promise.allSettled([
    client.call('get', '/patients/{patientId}/lab-reports', patientId, { signal }).then((r) => r.items),
    client.call('get', '/patients/{patientId}/imaging-studies', patientId, { signal }).then((r) => r.items),
    clinicOf(client).listConsults({}, { signal }).then((r) => r.items),
    prescriptionsOf(client).listPrescriptions({}, { signal }).then((r) => r.items),
  ]);
  const ok = <T>(r: PromiseSettledResult<T[]>): T[] => (r.status === 'fulfilled' ? r.value : []);
  const refused = [labs, studies].some((r) => r.status === 'rejected' && errorCode(r.reason) === 'FORBIDDEN');
  const items = [
    ...ok(labs).map((r) => ({ kind: 'lab-report' as const, id: r.id, label: r.title, at: r.issuedAt })),
    ...ok(studies).map((s) => ({ kind: 'imaging-study' as const, id: s.id, label: s.description ?? s.modalities.join('/'), ...(s.startedAt ? { at: s.startedAt } : {}) })),
    ...ok(consults).filter((c) => c.patient.id === patientId).map((c) => ({ kind: 'consult' as const, id: c.id, label: c.condition.name, at: c.createdAt })),
    ...ok(prescriptions).filter((p) => p.patient.id === patientId).map((p) => ({ kind: 'prescription' as const, id: p.id, label: p.number, at: p.issuedAt })),
  ];
  return { items, refused };
}

export interface RequestFormView {
  draft: RequestDraft;
  directory: RemoteConsultationDirectory;
  /** The chosen patient's records, once listed. */
  records?: AttachableRecords | undefined;
  busy: boolean;
  msg: (k: StringKey, p?: Record<string, string | number>) => string;
  date: (at: string) => string;
  error: (e: unknown) => string;
  changed: () => void;
  search: (e: Event) => void;
  submit: (e: Event) => void;
}

export async function searchPatients(client: IhClient, draft: RequestDraft): Promise<void> {
  // The care desk's search (searchCarePatients) through the typed call: CareClient would become a chunk shared with the care desk.
  draft.matches = (await client.call('post', '/care/patient-search', { body: { q: draft.query.trim() } })).items;
  draft.patient = draft.matches.length === 1 ? draft.matches[0] : undefined;
  draft.attached = new Set();
}

const value = (e: Event): string => (e.target as HTMLInputElement).value;

export function requestForm(v: RequestFormView): TemplateResult {
  const { draft, msg } = v;
  const others = v.directory.organizations.filter((o) => !o.own);
  const experts = others.find((o) => o.id === draft.organizationId)?.doctors ?? [];
  const problem = draft.problem === 'required' ? msg('remote.form.required') : draft.problem ? v.error(draft.problem) : '';
  const missing = (bad: boolean) => (draft.problem === 'required' && bad ? 'true' : 'false');
  const set = (fn: () => void) => {
    fn();
    v.changed();
  };
  return html`<div part="request-form" class="panel" role="group" aria-labelledby="new-request">
    <h4 class="subheading" id="new-request" tabindex="-1">${msg('remote.new')}</h4>
    <form class="patient-search" novalidate role="search" aria-labelledby="new-request" @submit=${v.search}>
      <div class="field">
        <label for="rc-patient">${msg('remote.form.patient')}</label>
        <input id="rc-patient" part="input" type="search" autocomplete="off" spellcheck="false" maxlength="32" placeholder=${msg('remote.form.searchHint')}
          aria-invalid=${missing(!draft.patient)} .value=${draft.query} @input=${(e: Event) => (draft.query = value(e))} />
      </div>
      <button type="submit" part="search-button" class="button" aria-disabled=${v.busy ? 'true' : 'false'}>${msg('remote.form.search')}</button>
    </form>
    ${draft.matches
      ? draft.matches.length
        ? html` <ul part="matches" class="found" aria-label=${msg('remote.form.matches')}>
            ${draft.matches.map(
              (m) => html`<li>
                <button type="button" part="match" class="button" aria-pressed=${draft.patient?.patientId === m.patientId ? 'true' : 'false'}
                  @click=${() => set(() => { draft.patient = m; draft.attached = new Set(); })}>
                  <strong>${m.name}</strong> <span class="muted">${m.birthYear} · ${m.idNumberTail ? `…${m.idNumberTail}` : ''}</span>
                </button>
              </li>`,
            )}
          </ul>`
        : html`<p class="muted" role="status">${msg('remote.form.noMatches')}</p>`
      : nothing}
    <form novalidate aria-labelledby="new-request" @submit=${v.submit}>
      <div class="field">
        <label for="rc-organization">${msg('remote.form.organization')}</label>
        <select id="rc-organization" part="organization-select" class="field-select" aria-invalid=${missing(!draft.organizationId)}
          @change=${(e: Event) => set(() => { draft.organizationId = value(e); draft.expertUserId = ''; })}>
          <option value="" ?selected=${!draft.organizationId}>—</option>
          ${others.map((o) => html`<option value=${o.id} ?selected=${o.id === draft.organizationId}>${o.name}</option>`)}
        </select>
      </div>
      <div class="field">
        <label for="rc-expert">${msg('remote.form.expert')}</label>
        <select id="rc-expert" part="expert-select" class="field-select" @change=${(e: Event) => set(() => (draft.expertUserId = value(e)))}>
          <option value="" ?selected=${!draft.expertUserId}>${msg('remote.form.expertAny')}</option>
          ${experts.map((d) => html`<option value=${d.userId} ?selected=${d.userId === draft.expertUserId}>${d.name}</option>`)}
        </select>
      </div>
      <div class="field">
        <label for="rc-question">${msg('remote.form.question')}</label>
        <textarea id="rc-question" part="question-input" rows="4" maxlength="4000" aria-invalid=${missing(!draft.question.trim())}
          .value=${draft.question} @input=${(e: Event) => (draft.question = value(e))}></textarea>
      </div>
      <fieldset part="urgency" class="choices">
        <legend>${msg('remote.form.urgency')}</legend>
        ${URGENCIES.map(
          (u) => html`<label class="choice"><input type="radio" name="rc-urgency" value=${u} .checked=${draft.urgency === u} @change=${() => set(() => (draft.urgency = u))} />${msg(`remote.urgency.${u}`)}</label>`,
        )}
      </fieldset>
      ${draft.patient ? attachments(v) : nothing}
      ${problem ? html`<p part="field-error" class="field-error" role="alert">${problem}</p>` : nothing}
      <div class="actions">
        <button type="submit" part="submit-button" class="button primary" aria-disabled=${v.busy ? 'true' : 'false'}>${msg('remote.form.submit')}</button>
      </div>
    </form>
  </div>`;
}

function attachments(v: RequestFormView): TemplateResult {
  const { draft, msg } = v;
  if (!v.records) return html`<p class="muted" role="status">${msg('common.loading')}</p>`;
  const refused = v.records.refused ? html`<p class="muted" role="status">${msg('remote.form.attachmentsRefused')}</p>` : nothing;
  if (!v.records.items.length) return refused !== nothing ? refused : html`<p class="muted">${msg('remote.form.attachmentsNone')}</p>`;
  return html`${refused}<fieldset part="attachments" class="choices">
    <legend>${msg('remote.form.attachments')}</legend>
    ${v.records.items.map((r) => {
      const key = recordKey(r);
      return html`<label class="choice">
        <input type="checkbox" part="attachment-toggle" .checked=${draft.attached.has(key)}
          @change=${(e: Event) => {
            if ((e.target as HTMLInputElement).checked) draft.attached.add(key);
            else draft.attached.delete(key);
            v.changed();
          }} />
        ${msg(`remote.attachment.${r.kind}`)} · ${r.label}${r.at ? html` <span class="muted">${v.date(r.at)}</span>` : nothing}
      </label>`;
    })}
  </fieldset>`;
}
