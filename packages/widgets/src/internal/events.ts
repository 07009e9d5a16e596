/**
 * The events ihkit elements emit. All are `ih-` prefixed, bubble, cross shadow roots
 * (composed) and carry opaque ids only — never names, ID numbers or clinical text.
 */
export interface IhBookedDetail {
  appointmentId: string;
}
export interface IhCancelledDetail {
  appointmentId: string;
}

/** An online consult: created, paid, accepted, completed, referred, cancelled. */
export interface IhConsultDetail {
  consultId: string;
}
/** The patient needs an in-person visit: the host can show `<ih-booking>` for this patient. */
export interface IhBookOfflineDetail {
  patientId: string;
}

/** An e-prescription: signed and submitted, paid. */
export interface IhPrescriptionDetail {
  prescriptionId: string;
}
/** A pharmacist's decision on a prescription. */
export interface IhPrescriptionReviewedDetail {
  prescriptionId: string;
  decision: 'approved' | 'returned';
}

/** A video consult: the user joined the call (`ih-video-joined`), the call ended for them (`ih-video-ended`). */
export interface IhVideoDetail {
  consultId: string;
  roomId: string;
}

/** A family link: asked for (`ih-family-requested`, with whether it is already active), proven here (`ih-family-linked`), ended (`ih-family-ended`). */
export interface IhFamilyRequestedDetail {
  linkId: string;
  status: 'pending' | 'active';
}
export interface IhFamilyLinkDetail {
  linkId: string;
}

/** `<ih-modal>` opened or closed; `element` names what it holds (`booking`), not any data in it. */
export interface IhModalDetail {
  element: string | undefined;
}

/** Triage reached its result: its kind, and the best department's id when it suggests some — never the answers. */
export interface IhTriagedDetail {
  outcome: 'departments' | 'emergency' | 'none';
  departmentId?: string;
}
/** The patient chose to book a department triage suggested: the host shows `<ih-booking department=…>`. */
export interface IhTriageBookDetail {
  departmentId: string;
  patientId: string;
}

/** Signed out, the user asked to sign in to go on (`element`: which one asks, e.g. `booking`): the host starts its sign-in. */
export interface IhSignInRequestDetail {
  element: string | undefined;
}

/** A line of `<ih-my-record>` was opened: which list it is from and its id (the host shows its element). */
export interface IhRecordOpenDetail {
  kind: 'appointment' | 'encounter' | 'consult' | 'prescription' | 'care';
  recordId: string;
  patientId: string;
}

/** An element whose data the host hands it (`<ih-ecg-viewer>`) showed a load error and the user asked to try again: the host loads it again. */
export interface IhRetryDetail {
  element: string | undefined;
}

/** A remote consultation (远程会诊): sent (`ih-remote-consultation-created`), or moved on by the user — scheduled, declined, cancelled, its opinion signed, closed (`ih-remote-consultation-changed`): its id and its state now. */
export interface IhRemoteConsultationDetail {
  remoteConsultationId: string;
  state: 'requested' | 'scheduled' | 'opinion-signed' | 'closed' | 'declined' | 'cancelled';
}

export interface IhEventMap {
  'ih-booked': CustomEvent<IhBookedDetail>;
  'ih-cancelled': CustomEvent<IhCancelledDetail>;
  'ih-registration-paid': CustomEvent<IhBookedDetail>;
  'ih-hold-lapsed': CustomEvent<IhBookedDetail>;
  'ih-rescheduled': CustomEvent<IhBookedDetail>;
  'ih-consult-created': CustomEvent<IhConsultDetail>;
  'ih-consult-paid': CustomEvent<IhConsultDetail>;
  'ih-consult-cancelled': CustomEvent<IhConsultDetail>;
  'ih-consult-accepted': CustomEvent<IhConsultDetail>;
  'ih-consult-completed': CustomEvent<IhConsultDetail>;
  'ih-consult-referred': CustomEvent<IhConsultDetail>;
  'ih-book-offline': CustomEvent<IhBookOfflineDetail>;
  'ih-prescription-submitted': CustomEvent<IhPrescriptionDetail>;
  'ih-prescription-reviewed': CustomEvent<IhPrescriptionReviewedDetail>;
  'ih-prescription-paid': CustomEvent<IhPrescriptionDetail>;
  'ih-video-joined': CustomEvent<IhVideoDetail>;
  'ih-video-ended': CustomEvent<IhVideoDetail>;
  'ih-family-requested': CustomEvent<IhFamilyRequestedDetail>;
  'ih-family-linked': CustomEvent<IhFamilyLinkDetail>;
  'ih-family-ended': CustomEvent<IhFamilyLinkDetail>;
  'ih-modal-open': CustomEvent<IhModalDetail>;
  'ih-modal-close': CustomEvent<IhModalDetail>;
  'ih-triaged': CustomEvent<IhTriagedDetail>;
  'ih-triage-book': CustomEvent<IhTriageBookDetail>;
  'ih-sign-in-request': CustomEvent<IhSignInRequestDetail>;
  'ih-record-open': CustomEvent<IhRecordOpenDetail>;
  'ih-retry': CustomEvent<IhRetryDetail>;
  'ih-remote-consultation-created': CustomEvent<IhRemoteConsultationDetail>;
  'ih-remote-consultation-changed': CustomEvent<IhRemoteConsultationDetail>;
}

declare global {
  interface GlobalEventHandlersEventMap extends IhEventMap {}
}

/** The `detail` of an ihkit event: `DetailOf<'ih-booked'>` is IhBookedDetail. */
export type DetailOf<K extends keyof IhEventMap> = IhEventMap[K] extends CustomEvent<infer D> ? D : never;

/** Dispatches a typed ihkit event from `target`. */
export function emit<K extends keyof IhEventMap>(target: EventTarget, name: K, detail: DetailOf<K>): boolean {
  return target.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true, cancelable: false }));
}
