/**
 * What a doctor may pass to another organization (a grant, a remote consultation's attachments):
 * a record of the patient that they read themselves in their own organization.
 */
import type { AccessGrantRecord } from '@ihkit/core';
import { roleIn } from '../consults/access.js';
import { findConsult } from '../consults/store.js';
import type { Services } from '../operations.js';
import { prescriptionRole } from '../prescriptions/lifecycle.js';
import { findPrescription } from '../prescriptions/store.js';
import { mayReadReport } from '../reports/access.js';
import type { UserRow } from '../users.js';

/** Whether the doctor may share the record: they read it themselves, and it is the patient's. */
export async function mayShare(services: Services, user: UserRow, patientId: string, record: AccessGrantRecord): Promise<boolean> {
  switch (record.kind) {
    case 'consult': {
      const row = await findConsult(services.db, record.id);
      return row?.patient_id === patientId && (await roleIn(services.db, user, row)) === 'doctor';
    }
    case 'prescription': {
      const row = await findPrescription(services.db, record.id);
      return row?.patient_id === patientId && (await prescriptionRole(services.db, user, row)) === 'doctor';
    }
    case 'lab-report': {
      const report = await services.lis.getReport(record.id);
      return report?.patientId === patientId && (await mayReadReport(services, user, patientId, report.orderingDoctorId));
    }
    case 'imaging-study': {
      const owner = services.pacs && (await services.studyOwners.of(services.pacs, record.id));
      return owner === patientId && (await mayReadReport(services, user, patientId));
    }
  }
}
