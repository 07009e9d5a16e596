/**
 * One remote consultation as the desk shows it: the question, the urgency, the attachments
 * (readable ones opened in place: attachment-view.ts), the time and experts once scheduled, a
 * reason once declined, and the signed opinion — its text, signer and licence, certificate
 * serial, whether the signature verifies and whether the requesting HIS has taken it. Below, the
 * actions this user may take in this state: the receiving coordinator schedules (a time, one or
 * more of its doctors) or declines with a reason; an assigned expert writes and signs the
 * opinion; the requesting doctor withdraws a request not yet scheduled, or closes once the
 * opinion is signed. The gateway decides; the desk offers only what the rules allow.
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { AccessGrantRecord, RemoteConsultation, RemoteConsultationDirectory } from '@ihkit/core';
import type { StringKey } from '../internal/localize.js';
import { recordKey } from './request-form.js';
import { readable } from './attachment-view.js';

/** Who is looking: their user id, role, and which side of the consultation they are on. */
export interface Viewer {
  userId: string;
  role: string;
  side: 'requested' | 'received';
}

/** What the coordinator and the expert are writing. */
export interface ActionDraft {
  scheduledAt: string;
  experts: Set<string>;
  reason: string;
  opinion: string;
  problem?: 'schedule' | 'decline' | 'opinion' | undefined;
}

export const emptyActions = (): ActionDraft => ({ scheduledAt: '', experts: new Set(), reason: '', opinion: '' });

export interface ConsultationView {
  rc: RemoteConsultation;
  viewer: Viewer;
  directory: RemoteConsultationDirectory;
  draft: ActionDraft;
  busy: boolean;
  /** The expert's signature is waiting on their phone. */
  signing: boolean;
  /** 请在手机上确认签名 while signing. */
  signingView: () => TemplateResult | typeof nothing;
  /** The attachment opened, and what it shows (loading, content, error). */
  opened?: { key: string; view: TemplateResult } | undefined;
  msg: (k: StringKey, p?: Record<string, string | number>) => string;
  clock: (at: string) => string;
  changed: () => void;
  open: (r: AccessGrantRecord) => void;
  schedule: (e: Event) => void;
  decline: (e: Event) => void;
  submitOpinion: (e: Event) => void;
  cancel: () => void;
  close: () => void;
}

/** A user id's name in the directory (the id itself when unknown). */
export function nameOf(directory: RemoteConsultationDirectory, userId: string): string {
  for (const o of directory.organizations) {
    const d = o.doctors.find((x) => x.userId === userId);
    if (d) return d.name;
  }
  return userId;
}

export const organizationName = (directory: RemoteConsultationDirectory, id: string): string => directory.organizations.find((o) => o.id === id)?.name ?? id;

const value = (e: Event): string => (e.target as HTMLInputElement).value;
const COORDINATORS = ['nurse', 'admin'];

export function consultationView(v: ConsultationView): TemplateResult {
  const { rc, msg } = v;
  return html`<article part="consultation" class="panel" aria-labelledby="rc-heading">
    <h4 class="subheading" id="rc-heading" tabindex="-1">
      ${msg('remote.detail')} · <span part="state state-${rc.state}" class="state-badge">${msg(`remote.state.${rc.state}`)}</span>
    </h4>
    <dl class="facts">
      <dt>${msg(v.viewer.side === 'requested' ? 'remote.col.organization' : 'remote.detail.requester')}</dt>
      <dd>${v.viewer.side === 'requested' ? organizationName(v.directory, rc.receivingOrganizationId) : html`${nameOf(v.directory, rc.requestedBy)} · ${organizationName(v.directory, rc.requestingOrganizationId)}`}</dd>
      <dt>${msg('remote.detail.patient')}</dt>
      <dd>${rc.patientId}</dd>
      <dt>${msg('remote.col.urgency')}</dt>
      <dd>${msg(`remote.urgency.${rc.urgency}`)}</dd>
      <dt>${msg('remote.col.created')}</dt>
      <dd>${v.clock(rc.createdAt)}</dd>
      ${rc.scheduledAt ? html`<dt>${msg('remote.col.scheduled')}</dt><dd>${v.clock(rc.scheduledAt)}</dd>` : nothing}
      ${rc.experts.length ? html`<dt>${msg('remote.detail.experts')}</dt><dd>${rc.experts.map((id) => nameOf(v.directory, id)).join('、')}</dd>` : nothing}
      ${rc.declineReason ? html`<dt>${msg('remote.detail.declineReason')}</dt><dd>${rc.declineReason}</dd>` : nothing}
    </dl>
    <h5 class="minor">${msg('remote.detail.question')}</h5>
    <p part="question" class="text-block">${rc.question}</p>
    ${attachmentList(v)} ${rc.opinion ? opinionView(v, rc.opinion) : nothing} ${actions(v)}
  </article>`;
}

function attachmentList(v: ConsultationView): TemplateResult {
  const { rc, msg } = v;
  if (!rc.attachments.length) return html`<p class="muted">${msg('remote.detail.noAttachments')}</p>`;
  // The receiving side reads them through the grant the scheduling gave its experts.
  const granted = v.viewer.side === 'requested' || (rc.state === 'scheduled' || rc.state === 'opinion-signed');
  return html`<h5 class="minor">${msg('remote.detail.attachments')}</h5>
    <ul part="attachments" class="attachments">
      ${rc.attachments.map((r) => {
        const key = recordKey(r);
        const label = `${msg(`remote.attachment.${r.kind}`)} · ${r.id}`;
        return html`<li part="attachment">
          <span>${label}</span>
          ${granted && readable(r)
            ? html`<button type="button" part="attachment-button" class="button link" aria-expanded=${v.opened?.key === key ? 'true' : 'false'} aria-label=${`${msg('remote.attachment.read')} · ${label}`} @click=${() => v.open(r)}>
                ${msg('remote.attachment.read')}
              </button>`
            : nothing}
          ${v.opened?.key === key ? v.opened.view : nothing}
        </li>`;
      })}
    </ul>
    ${granted ? nothing : html`<p class="muted">${msg('remote.attachment.notReadable')}</p>`}`;
}

function opinionView(v: ConsultationView, o: NonNullable<RemoteConsultation['opinion']>): TemplateResult {
  const { msg } = v;
  return html`<section part="opinion" class="opinion" aria-labelledby="rc-opinion">
    <h5 class="minor" id="rc-opinion">${msg('remote.opinion')}</h5>
    <p part="opinion-text" class="text-block">${o.text}</p>
    <p part="opinion-signer" class="muted">${msg('remote.opinion.signer', { name: o.expertName, licence: o.licenceNumber })}</p>
    <p class="muted">${msg('remote.opinion.signedAt', { time: v.clock(o.signedAt) })}</p>
    ${o.certificateSerial ? html`<p part="opinion-serial" class="muted">${msg('remote.opinion.serial', { serial: o.certificateSerial })}</p>` : nothing}
    <p part="opinion-verified" class=${o.valid ? 'ok' : 'field-error'}>${msg(o.valid ? 'remote.opinion.valid' : 'remote.opinion.invalid')}</p>
    ${v.viewer.side === 'requested' ? html`<p class="muted">${msg(o.writtenBack ? 'remote.opinion.writtenBack' : 'remote.opinion.notWrittenBack')}</p>` : nothing}
  </section>`;
}

function actions(v: ConsultationView): TemplateResult | typeof nothing {
  const { rc, viewer } = v;
  const coordinator = COORDINATORS.includes(viewer.role);
  if (viewer.side === 'received' && coordinator && rc.state === 'requested') return html`${scheduleForm(v)} ${declineForm(v)}`;
  if (viewer.side === 'received' && coordinator && rc.state === 'scheduled') return declineForm(v);
  if (viewer.side === 'received' && rc.state === 'scheduled' && rc.experts.includes(viewer.userId)) return opinionForm(v);
  const busy = v.busy ? 'true' : 'false';
  if (viewer.side === 'requested' && viewer.role === 'doctor' && rc.state === 'requested') {
    return html`<div class="actions"><button type="button" part="cancel-button" class="button" aria-disabled=${busy} @click=${v.cancel}>${v.msg('remote.cancel')}</button></div>`;
  }
  if (viewer.side === 'requested' && viewer.role === 'doctor' && rc.state === 'opinion-signed') {
    return html`<div class="actions"><button type="button" part="close-button" class="button primary" aria-disabled=${busy} @click=${v.close}>${v.msg('remote.close')}</button></div>`;
  }
  return nothing;
}

function scheduleForm(v: ConsultationView): TemplateResult {
  const { draft, msg } = v;
  const own = v.directory.organizations.find((o) => o.own)?.doctors ?? [];
  const bad = draft.problem === 'schedule';
  return html`<form part="schedule-form" class="action-form" novalidate aria-labelledby="rc-schedule" @submit=${v.schedule}>
    <h5 class="minor" id="rc-schedule">${msg('remote.schedule')}</h5>
    <div class="field">
      <label for="rc-at">${msg('remote.schedule.at')}</label>
      <input id="rc-at" part="input schedule-at" type="datetime-local" aria-invalid=${bad && !draft.scheduledAt ? 'true' : 'false'} .value=${draft.scheduledAt} @input=${(e: Event) => (draft.scheduledAt = value(e))} />
    </div>
    <fieldset part="experts" class="choices">
      <legend>${msg('remote.schedule.experts')}</legend>
      ${own.map(
        (d) => html`<label class="choice">
          <input type="checkbox" part="expert-toggle" value=${d.userId} .checked=${draft.experts.has(d.userId)}
            @change=${(e: Event) => {
              if ((e.target as HTMLInputElement).checked) draft.experts.add(d.userId);
              else draft.experts.delete(d.userId);
              v.changed();
            }} />${d.name}${v.rc.expertUserId === d.userId ? html` <span class="muted">(${msg('remote.form.expert')})</span>` : nothing}
        </label>`,
      )}
    </fieldset>
    ${bad ? html`<p part="field-error" class="field-error" role="alert">${msg('remote.schedule.required')}</p>` : nothing}
    <div class="actions"><button type="submit" part="schedule-button" class="button primary" aria-disabled=${v.busy ? 'true' : 'false'}>${msg('remote.schedule.submit')}</button></div>
  </form>`;
}

function declineForm(v: ConsultationView): TemplateResult {
  const { draft, msg } = v;
  const bad = draft.problem === 'decline';
  return html`<form part="decline-form" class="action-form" novalidate aria-labelledby="rc-decline" @submit=${v.decline}>
    <h5 class="minor" id="rc-decline">${msg('remote.decline')}</h5>
    <div class="field">
      <label for="rc-reason">${msg('remote.decline.reason')}</label>
      <input id="rc-reason" part="input decline-reason" maxlength="500" aria-invalid=${bad ? 'true' : 'false'} .value=${draft.reason} @input=${(e: Event) => (draft.reason = value(e))} />
    </div>
    ${bad ? html`<p part="field-error" class="field-error" role="alert">${msg('remote.decline.required')}</p>` : nothing}
    <div class="actions"><button type="submit" part="decline-button" class="button" aria-disabled=${v.busy ? 'true' : 'false'}>${msg('remote.decline.submit')}</button></div>
  </form>`;
}

function opinionForm(v: ConsultationView): TemplateResult {
  const { draft, msg } = v;
  const bad = draft.problem === 'opinion';
  return html`<form part="opinion-form" class="action-form" novalidate aria-labelledby="rc-write" @submit=${v.submitOpinion}>
    <h5 class="minor" id="rc-write">${msg('remote.opinion')}</h5>
    <div class="field">
      <label for="rc-opinion-text">${msg('remote.opinion.text')}</label>
      <textarea id="rc-opinion-text" part="opinion-input" rows="6" maxlength="8000" aria-invalid=${bad ? 'true' : 'false'} .value=${draft.opinion} @input=${(e: Event) => (draft.opinion = value(e))}></textarea>
    </div>
    ${bad ? html`<p part="field-error" class="field-error" role="alert">${msg('remote.opinion.required')}</p>` : nothing}
    ${v.signing ? v.signingView() : nothing}
    <div class="actions"><button type="submit" part="opinion-button" class="button primary" aria-disabled=${v.busy ? 'true' : 'false'}>${msg('remote.opinion.submit')}</button></div>
  </form>`;
}
