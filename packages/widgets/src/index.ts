/**
 * @ihkit/widgets: framework-agnostic web components for internet hospital services.
 * Importing this module defines the patient elements a portal shows first (`<ih-provider>`,
 * `<ih-booking>`, `<ih-appointments>`, `<ih-clinic>`, `<ih-prescriptions>`), and the others
 * (`<ih-video-consult>`, `<ih-reports>`, `<ih-family>`, `<ih-triage>`, `<ih-followup>`, `<ih-my-record>`, `<ih-articles>`, and the staff's
 * `<ih-doctor-desk>`, `<ih-prescription-editor>`, `<ih-pharmacist-review>`, `<ih-care-desk>`, `<ih-remote-consultations>`) from chunks of their own once the page
 * uses them; import `@ihkit/widgets/booking` etc. for one element only (and its class).
 */
export * from './internal/define.js';
export * from './internal/context.js';
export * from './internal/localize.js';
export * from './internal/api-controller.js';
export * from './internal/events.js';
export * from './internal/theme.js';
export { handleRovingKey, nextIndex, columnsOf } from './internal/roving-focus.js';
export { IhElement } from './internal/ih-element.js';
// The tables themselves are chunks fetched when a page shows their language (zh-CN too): only the reference table's type is here.
export type { zhCN } from './locales/zh-CN.js';
export * from './locales/areas.js';

import { loadStrings } from './internal/localize.js';
import { allStrings } from './locales/areas.js';

loadStrings(...allStrings);

export { IhProvider } from './provider/provider.js';
export { IhBooking, BOOKING_STEPS, BOOKING_DAYS, type BookingStep } from './booking/booking.js';
export { IhAppointments, sortAppointments } from './appointments/appointments.js';
export { IhClinic, CLINIC_STEPS, sortDoctorsFor, type ClinicStep } from './clinic/clinic.js';
export { mergeMessages } from './consult/message-order.js';
export { IhPrescriptions, validateAddress, trackingSteps, sortPrescriptions, MOBILE_PATTERN } from './prescriptions/prescriptions.js';
export { signatureFingerprint } from './prescription/prescription-facts.js';
// The modal and floating-button embedding modes: <ih-modal>, <ih-launcher> and [data-ih-open].
export { IhModal } from './modal/modal.js';
export { IhLauncher } from './launcher/launcher.js';
export { openInModal, watchOpeners, type OpenOptions } from './embed/embed.js';
import { defineLazyElementsWhenUsed } from './lazy-elements.js';
defineLazyElementsWhenUsed();

// The client, so a page that loads only the bundle can sign in (the example portal's demo login).
export { createClient, IhClient, IhError, isIhError, newIdempotencyKey } from '@ihkit/core';
export type { ClientOptions, TokenProvider, Appointment, Department, Doctor, Patient, Slot, Money, ErrorCode, Consult, ConsultMessage, ConsultStatus, Prescription, PrescriptionStatus, Finding, FindingCode } from '@ihkit/core';
