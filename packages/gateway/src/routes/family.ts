/**
 * Proving and ending family links (the link is asked for with addFamilyMember, routes/patients.ts):
 * the holder sends a code to the person's phone on file and enters it; the person approves in
 * their own account, or sees who may act for them and ends it; hospital staff confirm a child's
 * link having seen the guardian. Someone else's link is NOT_FOUND, so link ids cannot be probed;
 * every call is audited with the link's patient.
 */
import type { Queryable } from '@ihkit/adapters';
import { maskResidentId, type FamilyLink } from '@ihkit/core';
import type { Call, OperationHandler, OperationId, Services } from '../operations.js';
import { signedIn } from '../operations.js';
import { withinOrganization } from '../organizations/isolation.js';
import { HttpProblem } from '../problems.js';
import { checkCode, latestCode, resendAfter } from '../family/codes.js';
import { activateLink, awaitingInPerson, endLink, findLink, holderName, linksTo, ownAccountsOf, toFamilyLink, type LinkRow, type ProofDocument } from '../family/links.js';
import { announceActive, mayTextPerson, sendCode } from '../family/proofs.js';
import { linkedPatients } from '../users.js';
import { patientOfLink } from './patients.js';

/** The link named by the call, noted in the audit trail; NOT_FOUND unless `may` says the caller may act on it. */
async function openLink(call: Call<OperationId>, services: Services, linkId: string, may: (link: LinkRow) => Promise<boolean> | boolean): Promise<LinkRow> {
  call.audit.resourceId = linkId;
  const link = await findLink(services.db, linkId);
  if (link) call.audit.patientIds.push(link.patient_id);
  if (!link || !(await may(link))) throw new HttpProblem('NOT_FOUND');
  return link;
}

/** The holder's own link. */
const heldBy = (call: Call<OperationId>) => (link: LinkRow) => link.user_id === signedIn(call).id;
/** A link to the caller's own record from another account. */
const toMe = (call: Call<OperationId>, services: Services) => async (link: LinkRow) =>
  link.relation !== 'self' && link.user_id !== signedIn(call).id && (await ownAccountsOf(services.db, link.patient_id)).includes(signedIn(call).id);

/** Runs `fn` on the link, locked, in one transaction. */
function withLink<T>(services: Services, link: LinkRow, fn: (locked: LinkRow, tx: Queryable) => Promise<T>): Promise<T> {
  return services.db.transaction(async (tx) => fn((await findLink(tx, link.id, true))!, tx));
}

async function asFamilyLink(services: Services, link: LinkRow): Promise<FamilyLink> {
  return toFamilyLink(link, await holderName(services.db, link.user_id));
}

export const listFamilyLinks: OperationHandler<'listFamilyLinks'> = {
  audit: 'family_link',
  async handle(call, services) {
    const user = signedIn(call);
    const self = (await linkedPatients(services.db, user.id)).find((l) => l.relation === 'self');
    if (!self) return { body: { items: [] } };
    call.audit.patientIds.push(self.patientId);
    const links = await linksTo(services.db, self.patientId);
    return { body: { items: links.map((l) => toFamilyLink(l, l.holder_name)) } };
  },
};

export const sendFamilyLinkCode: OperationHandler<'sendFamilyLinkCode'> = {
  audit: 'family_link',
  async handle(call, services) {
    const user = signedIn(call);
    const link = await openLink(call, services, call.params.linkId, heldBy(call));
    if (link.status !== 'pending' || link.awaits !== 'consent') throw new HttpProblem('INVALID_STATE', 'Only a pending adult’s link is proven by a code.');
    const record = await services.his.findPatient({ patientId: link.patient_id });
    if (!record?.phone) throw new HttpProblem('PHONE_NOT_ON_FILE');
    const latest = await latestCode(services.db, link.id);
    const wait = latest ? Math.ceil((resendAfter(latest).getTime() - services.now().getTime()) / 1000) : 0;
    if (wait > 0) throw new HttpProblem('RATE_LIMITED', `A new code can be asked for in ${wait} s.`, undefined, undefined, wait);
    const texting = await mayTextPerson(services, link.patient_id);
    if (!texting.ok) throw texting.problem;
    const now = services.now();
    const sent = await withLink(services, link, async (locked, tx) => {
      if (locked.status !== 'pending') return false;
      await sendCode(tx, locked, user.display_name, now);
      return true;
    });
    if (!sent) throw new HttpProblem('INVALID_STATE', 'The link is no longer pending.');
    return { body: await patientOfLink(services, (await findLink(services.db, link.id))!, record) };
  },
};

const CODE_PROBLEMS = { invalid: 'CONSENT_CODE_INVALID', expired: 'CONSENT_CODE_EXPIRED', used: 'CONSENT_CODE_USED', 'not-pending': 'INVALID_STATE' } as const;

export const confirmFamilyLink: OperationHandler<'confirmFamilyLink'> = {
  audit: 'family_link',
  async handle(call, services) {
    const user = signedIn(call);
    const link = await openLink(call, services, call.params.linkId, heldBy(call));
    const now = services.now();
    // Wrong tries are counted in the transaction, which commits; the refusal comes after it.
    const outcome = await withLink(services, link, async (locked, tx) => {
      const provable = locked.status === 'pending' && locked.awaits === 'consent';
      const result = await checkCode(tx, services.familyLinks.secret, locked.id, call.body.code, now, provable);
      if (result !== 'ok') return result;
      const active = await activateLink(tx, locked.id, 'code', now);
      await announceActive(tx, services, active, user.display_name, now);
      return result;
    });
    if (outcome !== 'ok') throw new HttpProblem(CODE_PROBLEMS[outcome]);
    return { body: await patientOfLink(services, (await findLink(services.db, link.id))!) };
  },
};

export const approveFamilyLink: OperationHandler<'approveFamilyLink'> = {
  audit: 'family_link',
  async handle(call, services) {
    const user = signedIn(call);
    const link = await openLink(call, services, call.params.linkId, toMe(call, services));
    const name = await holderName(services.db, link.user_id);
    const now = services.now();
    const approved = await withLink(services, link, async (locked, tx) => {
      if (locked.status === 'active') return locked;
      // A child's link is proven by the guardian record or in person, never by the child.
      if (locked.status !== 'pending' || locked.awaits !== 'consent') return undefined;
      const active = await activateLink(tx, locked.id, 'account', now, { userId: user.id });
      await announceActive(tx, services, active, name, now);
      return active;
    });
    if (!approved) throw new HttpProblem('INVALID_STATE', 'Only a pending link can be approved.');
    return { body: toFamilyLink(approved, name) };
  },
};

export const endFamilyLink: OperationHandler<'endFamilyLink'> = {
  audit: 'family_link',
  async handle(call, services) {
    const user = signedIn(call);
    const held = heldBy(call);
    const mine = toMe(call, services);
    const link = await openLink(call, services, call.params.linkId, async (l) => held(l) || (await mine(l)));
    if (link.relation === 'self') throw new HttpProblem('INVALID_STATE', 'One’s own record cannot be unlinked.');
    const ended = await withLink(services, link, (locked, tx) => endLink(tx, locked.id, user.id, services.now()));
    return { body: await asFamilyLink(services, ended) };
  },
};

export const listInPersonFamilyLinks: OperationHandler<'listInPersonFamilyLinks'> = {
  audit: 'family_link',
  async handle(call, services) {
    // Patients' accounts and their links are the home organization's (its HIS holds the records).
    if (!withinOrganization(signedIn(call), services.organizations.home.id)) return { body: { items: [] } };
    const links = await awaitingInPerson(services.db);
    call.audit.patientIds.push(...links.map((l) => l.patient_id));
    const records = await Promise.all(links.map((l) => services.his.findPatient({ patientId: l.patient_id })));
    const items = links.flatMap((l, i) => {
      const p = records[i];
      if (!p || l.relation === 'self') return [];
      return [{ id: l.id, relation: l.relation, requestedAt: l.requested_at.toISOString(), holderName: l.holder_name, patient: { id: p.id, name: p.name, birthDate: p.birthDate, idNumberMasked: maskResidentId(p.idNumber) } }];
    });
    return { body: { items } };
  },
};

export const confirmFamilyLinkInPerson: OperationHandler<'confirmFamilyLinkInPerson'> = {
  audit: 'family_link',
  async handle(call, services) {
    const staff = signedIn(call);
    const link = await openLink(call, services, call.params.linkId, () => withinOrganization(staff, services.organizations.home.id));
    const name = await holderName(services.db, link.user_id);
    const now = services.now();
    const confirmed = await withLink(services, link, async (locked, tx) => {
      if (locked.status === 'active' && locked.proof === 'in_person') return locked;
      if (locked.status !== 'pending' || locked.awaits !== 'in_person') return undefined;
      const active = await activateLink(tx, locked.id, 'in_person', now, { userId: staff.id, document: call.body.document as ProofDocument });
      await announceActive(tx, services, active, name, now);
      return active;
    });
    if (!confirmed) throw new HttpProblem('INVALID_STATE', 'Only a child’s pending link is confirmed in person.');
    return { body: toFamilyLink(confirmed, name) };
  },
};
