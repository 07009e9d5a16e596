/**
 * A referral as its patient sees it: where to go (the receiving hospital, department and doctor,
 * by the names its HIS gives them) and, once a place is reserved, when — never the summary or
 * the records, which are the doctors'.
 */
import type { PatientReferral } from '@ihkit/core';
import type { Services } from '../operations.js';
import type { ReferralRow } from './store.js';

type Directory = { departments: Map<string, string>; doctors: Map<string, string> };

/** The receiving organizations' department and doctor names, read once per organization. */
async function directories(services: Services, organizationIds: string[]): Promise<Map<string, Directory>> {
  const out = new Map<string, Directory>();
  for (const id of new Set(organizationIds)) {
    const organization = services.organizations.get(id);
    if (!organization) continue;
    const [departments, doctors] = await Promise.all([organization.his.listDepartments(), organization.his.listDoctors()]);
    out.set(id, { departments: new Map(departments.map((d) => [d.id, d.name])), doctors: new Map(doctors.map((d) => [d.id, d.name])) });
  }
  return out;
}

export async function toPatientReferrals(services: Services, rows: ReferralRow[], patientIds: ReadonlySet<string>): Promise<PatientReferral[]> {
  const names = await directories(services, rows.map((r) => r.to_organization_id));
  return rows.map((r) => {
    const directory = names.get(r.to_organization_id);
    const doctorId = r.appointment?.doctorId ?? r.doctor_id;
    const doctorName = doctorId ? directory?.doctors.get(doctorId) : undefined;
    const fromHospitalName = services.organizations.get(r.organization_id)?.name;
    // The place only while it holds: not once the referral was cancelled and it was released.
    const place = r.appointment && r.appointment.status !== 'cancelled' ? r.appointment : undefined;
    return {
      id: r.id, direction: r.direction, state: r.state,
      // The id the account knows the patient by (the sending HIS's, or the receiving one's).
      patientId: patientIds.has(r.patient_id) ? r.patient_id : r.receiving_patient_id!,
      hospitalName: services.organizations.get(r.to_organization_id)?.name ?? r.to_organization_id,
      departmentName: directory?.departments.get(r.department_id) ?? '',
      createdAt: r.created_at.toISOString(),
      ...(fromHospitalName ? { fromHospitalName } : {}),
      ...(doctorName ? { doctorName } : {}),
      ...(place ? { start: place.start, end: place.end, ...(place.number ? { number: place.number } : {}) } : {}),
      ...(r.follow_up ? { followUp: r.follow_up.templateId } : {}),
    };
  });
}
