/** Access grants between organizations (organizations/grants.ts): listing an organization's, sharing records, revoking. */
import type { AccessGrantRecord } from '@ihkit/core';
import { roleIn } from '../consults/access.js';
import { findConsult } from '../consults/store.js';
import { idempotencyKey, signedIn, type OperationHandler, type Services } from '../operations.js';
import { createAccessGrant as writeGrant, findGrant, grantsOf, revokeGrant, toAccessGrant } from '../organizations/grants.js';
import { organizationOf, withinOrganization } from '../organizations/isolation.js';
import { prescriptionRole } from '../prescriptions/lifecycle.js';
import { findPrescription } from '../prescriptions/store.js';
import { HttpProblem } from '../problems.js';
import { mayReadReport } from '../reports/access.js';
import type { UserRow } from '../users.js';

const DAY_MS = 86_400_000;

export const listAccessGrants: OperationHandler<'listAccessGrants'> = {
  audit: 'access_grant',
  async handle(call, services) {
    const rows = await grantsOf(services.db, organizationOf(signedIn(call)), call.query.direction);
    call.audit.patientIds.push(...rows.map((r) => r.patient_id));
    const now = services.now();
    return { body: { items: rows.map((r) => toAccessGrant(r, now)) } };
  },
};

/** The patient whose record it is, when the doctor may share it (they read it themselves); undefined otherwise. */
export async function shareableRecordOf(services: Services, user: UserRow, record: AccessGrantRecord): Promise<string | undefined> {
  switch (record.kind) {
    case 'consult': {
      const row = await findConsult(services.db, record.id);
      return row && (await roleIn(services.db, user, row)) === 'doctor' ? row.patient_id : undefined;
    }
    case 'prescription': {
      const row = await findPrescription(services.db, record.id);
      return row && (await prescriptionRole(services.db, user, row)) === 'doctor' ? row.patient_id : undefined;
    }
    case 'lab-report': {
      const report = await services.lis.getReport(record.id);
      return report && (await mayReadReport(services, user, report.patientId, report.orderingDoctorId)) ? report.patientId : undefined;
    }
    case 'imaging-study': {
      const owner = services.pacs && (await services.studyOwners.of(services.pacs, record.id));
      return owner && (await mayReadReport(services, user, owner)) ? owner : undefined;
    }
  }
}

export const createAccessGrant: OperationHandler<'createAccessGrant'> = {
  audit: 'access_grant',
  async handle(call, services) {
    const user = signedIn(call);
    const key = idempotencyKey(call);
    const { granteeOrganizationId, granteeUserId, patientId, records, reason, requestRef, days } = call.body;
    call.audit.patientIds.push(patientId);
    const grantee = services.organizations.get(granteeOrganizationId);
    if (!grantee || grantee.id === organizationOf(user)) throw new HttpProblem('NOT_FOUND', 'No other organization of this network has this id.');
    if (granteeUserId) {
      const { rows } = await services.db.query('SELECT 1 FROM users WHERE id = $1 AND organization_id = $2 AND role <> \'patient\'', [granteeUserId, grantee.id]);
      if (!rows.length) throw new HttpProblem('NOT_FOUND', 'The grantee organization has no such staff member.');
    }
    for (const record of records) {
      if ((await shareableRecordOf(services, user, record)) !== patientId) throw new HttpProblem('NOT_FOUND', 'A record listed is not one this doctor may share.');
    }
    const now = services.now();
    const id = await services.db.transaction(async (tx) => {
      const made = await writeGrant(tx, {
        issuerOrganizationId: organizationOf(user), granteeOrganizationId: grantee.id, ...(granteeUserId ? { granteeUserId } : {}),
        patientId, records, reason, ...(requestRef ? { requestRef } : {}), createdBy: user.id, expiresAt: new Date(now.getTime() + days * DAY_MS), idempotencyKey: key,
      }, now);
      call.audit.resourceId = made;
      return made;
    });
    return { status: 201, body: toAccessGrant((await findGrant(services.db, id))!, now) };
  },
};

export const revokeAccessGrant: OperationHandler<'revokeAccessGrant'> = {
  audit: 'access_grant',
  async handle(call, services) {
    const user = signedIn(call);
    call.audit.resourceId = call.params.grantId;
    const now = services.now();
    const row = await services.db.transaction(async (tx) => {
      const grant = await findGrant(tx, call.params.grantId, true);
      if (grant) call.audit.patientIds.push(grant.patient_id);
      // The doctor who issued it, or an admin of the issuing organization.
      const may = grant && withinOrganization(user, grant.issuer_organization_id) && (grant.created_by === user.id || user.role === 'admin');
      if (!grant || !may) throw new HttpProblem('NOT_FOUND');
      await revokeGrant(tx, grant.id, user.id, now);
      return (await findGrant(tx, grant.id))!;
    });
    return { body: toAccessGrant(row, now) };
  },
};
