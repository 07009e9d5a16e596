/** The demo hospital's sign-in accounts, as gateway users with hashed passwords and their subject at the demo's identity provider. */
import type { DemoAccount, Queryable } from '@ihkit/adapters';
import { hashPassword, verifyPassword } from './passwords.js';
import { findUserByUsername, linkPatient, upsertUser } from './users.js';

/**
 * Creates or updates each account and links its own and its family's patients. The demo's
 * family links are seeded as already proven (proof `seed`), as if each family member had
 * agreed long ago, so that the demo and the tests can act for them at once; a family member a
 * user adds is pending until proven like anywhere else.
 */
export async function seedDemoAccounts(db: Queryable, accounts: ReadonlyArray<DemoAccount & { organizationId?: string }>): Promise<void> {
  for (const a of accounts) {
    const existing = await findUserByUsername(db, a.username);
    const keepHash = existing?.password_hash ? await verifyPassword(a.password, existing.password_hash) : false;
    const id = await upsertUser(db, {
      username: a.username,
      passwordHash: keepHash ? undefined : await hashPassword(a.password),
      role: a.role,
      displayName: a.displayName,
      hisPatientId: a.patientId,
      hisDoctorId: a.doctorId,
      hisPharmacistId: a.pharmacistId,
      // The demo's identity provider signs the account in as this subject: the same user either way.
      externalSubject: a.subject,
      ...(a.organizationId !== undefined ? { organizationId: a.organizationId } : {}),
    });
    if (a.patientId) await linkPatient(db, id, a.patientId, 'self');
    for (const f of a.family ?? []) await linkPatient(db, id, f.patientId, f.relation);
  }
}
