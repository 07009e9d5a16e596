/**
 * Whom a remote consultation can go to (docs/network.md#remote-consultations): the network's
 * organizations and their doctors by display name — the requesting doctor chooses the
 * organization and perhaps a named expert, the receiving coordinator assigns experts. Staff
 * names and opaque user ids only: no patient data, so nothing to audit.
 */
import { organizationOf } from '../organizations/isolation.js';
import { signedIn, type OperationHandler } from '../operations.js';

const MAX_DOCTORS = 500;

export const listRemoteConsultationDirectory: OperationHandler<'listRemoteConsultationDirectory'> = {
  async handle(call, services) {
    const own = organizationOf(signedIn(call));
    const { rows } = await services.db.query<{ id: string; name: string; organization_id: string }>(
      `SELECT id, display_name AS name, organization_id FROM (
         SELECT id, display_name, organization_id, row_number() OVER (PARTITION BY organization_id ORDER BY display_name, id) AS n FROM users WHERE role = 'doctor'
       ) d WHERE n <= $1 ORDER BY display_name, id`,
      [MAX_DOCTORS],
    );
    const organizations = services.organizations.list().map((o) => ({
      id: o.id,
      name: o.name,
      own: o.id === own,
      doctors: rows.filter((r) => r.organization_id === o.id).map((r) => ({ userId: r.id, name: r.name })),
    }));
    return { body: { organizations } };
  },
};
