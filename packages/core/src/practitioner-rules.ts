/**
 * Who may practise online (DOMAIN.md: "the doctor is a verified practitioner"): a doctor
 * accepts consults, opens video calls and prescribes, and a pharmacist reviews prescriptions,
 * only while the hospital's HIS records their practising licence and the hospital's permission
 * for it — a doctor's internet-practice permission (互联网诊疗权限), a pharmacist's qualification
 * (药师资格) — holding on the day. Whatever the HIS leaves out counts against them.
 */
import type { Practitioner, PractitionerKind, PractitionerStanding } from './types.js';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Whether `practitioner` may practise online as a `kind` on `today` (YYYY-MM-DD, the hospital's
 * calendar day), and if not, why: `permitted`, or the first reason found.
 */
export function practitionerStanding(practitioner: Practitioner | undefined, kind: PractitionerKind, today: string): PractitionerStanding {
  if (!practitioner) return 'no_record';
  if (practitioner.kind !== kind) return 'wrong_kind';
  if (!practitioner.licenceNumber?.trim()) return 'no_licence';
  const permission = practitioner.permission;
  // A date the HIS wrote in some other form says nothing we can trust: no permission.
  if (!permission || (permission.from !== undefined && !DATE.test(permission.from)) || (permission.until !== undefined && !DATE.test(permission.until))) return 'no_permission';
  if (permission.from !== undefined && today < permission.from) return 'not_yet_valid';
  if (permission.until !== undefined && today > permission.until) return 'expired';
  return 'permitted';
}
