/**
 * What the detail of each `ih-` event holds, field by field: checked against IhEventMap by the
 * compiler, read by the widget tests, not exported by the package.
 */
import type { DetailOf, IhEventMap } from './events.js';

/**
 * What a detail field may hold: `id`, an opaque id (a string field named `…Id`); `enum`, one
 * value of a fixed set (a literal union); `element`, an element name without prefix. A free
 * string under any other name has no kind: the compiler then refuses EVENT_DETAIL_FIELDS.
 */
type FieldKind<F, T> = F extends 'element' ? 'element' : F extends `${string}Id` ? (T extends string ? 'id' : never) : string extends T ? never : 'enum';

/**
 * Every event's detail fields and their kind, checked against IhEventMap by the compiler (every
 * event, every field) and against what the elements dispatch by the widget tests
 * (test/event-privacy.ts).
 */
export const EVENT_DETAIL_FIELDS = {
  'ih-booked': { appointmentId: 'id' },
  'ih-cancelled': { appointmentId: 'id' },
  'ih-consult-created': { consultId: 'id' },
  'ih-consult-paid': { consultId: 'id' },
  'ih-consult-cancelled': { consultId: 'id' },
  'ih-consult-accepted': { consultId: 'id' },
  'ih-consult-completed': { consultId: 'id' },
  'ih-consult-referred': { consultId: 'id' },
  'ih-book-offline': { patientId: 'id' },
  'ih-registration-paid': { appointmentId: 'id' },
  'ih-hold-lapsed': { appointmentId: 'id' },
  'ih-rescheduled': { appointmentId: 'id' },
  'ih-prescription-submitted': { prescriptionId: 'id' },
  'ih-prescription-reviewed': { prescriptionId: 'id', decision: 'enum' },
  'ih-prescription-paid': { prescriptionId: 'id' },
  'ih-video-joined': { consultId: 'id', roomId: 'id' },
  'ih-video-ended': { consultId: 'id', roomId: 'id' },
  'ih-family-requested': { linkId: 'id', status: 'enum' },
  'ih-family-linked': { linkId: 'id' },
  'ih-family-ended': { linkId: 'id' },
  'ih-modal-open': { element: 'element' },
  'ih-modal-close': { element: 'element' },
  'ih-triaged': { outcome: 'enum', departmentId: 'id' },
  'ih-triage-book': { departmentId: 'id', patientId: 'id' },
  'ih-sign-in-request': { element: 'element' },
  'ih-record-open': { kind: 'enum', recordId: 'id', patientId: 'id' },
  'ih-retry': { element: 'element' },
  'ih-remote-consultation-created': { remoteConsultationId: 'id', state: 'enum' },
  'ih-remote-consultation-changed': { remoteConsultationId: 'id', state: 'enum' },
} as const satisfies { [K in keyof IhEventMap]: { [F in keyof Required<DetailOf<K>>]: FieldKind<F, NonNullable<DetailOf<K>[F]>> } };
