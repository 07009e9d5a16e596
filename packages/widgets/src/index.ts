/**
 * @ihkit/widgets: framework-agnostic web components for internet hospital services.
 * Importing this module defines every element (`<ih-provider>`, `<ih-booking>`,
 * `<ih-appointments>`, `<ih-clinic>`, `<ih-doctor-desk>`,
 * `<ih-prescription-editor>`, `<ih-pharmacist-review>`, `<ih-prescriptions>`), and `<ih-video-consult>`
 * and `<ih-reports>` once the page uses them; import `@ihkit/widgets/booking` etc. for one element only.
 */
export * from './internal/define.js';
export * from './internal/context.js';
export * from './internal/localize.js';
export * from './internal/api-controller.js';
export * from './internal/events.js';
export * from './internal/theme.js';
export { handleRovingKey, nextIndex, columnsOf } from './internal/roving-focus.js';
export { IhElement } from './internal/ih-element.js';
export { zhCN } from './locales/zh-CN.js';
export { en } from './locales/en.js';
export * from './locales/areas.js';

import { loadStrings } from './internal/localize.js';
import { allStrings } from './locales/areas.js';

loadStrings(...allStrings);

export { IhProvider } from './provider/provider.js';
export { IhBooking, BOOKING_STEPS, BOOKING_DAYS, type BookingStep } from './booking/booking.js';
export { IhAppointments, sortAppointments } from './appointments/appointments.js';
export { IhClinic, CLINIC_STEPS, sortDoctorsFor, type ClinicStep } from './clinic/clinic.js';
export { IhDoctorDesk, QUEUE_STATUSES } from './doctor-desk/doctor-desk.js';
export { mergeMessages } from './consult/message-order.js';
export { IhPrescriptionEditor, FREQUENCIES, CHECK_DELAY_MS, type EditorRow, type RowDrug } from './prescription-editor/prescription-editor.js';
export { IhPharmacistReview, sortQueue } from './pharmacist-review/pharmacist-review.js';
export { IhPrescriptions, validateAddress, trackingSteps, sortPrescriptions, MOBILE_PATTERN } from './prescriptions/prescriptions.js';
export { signatureFingerprint } from './prescription/prescription-facts.js';
// <ih-video-consult> is not in here: it is defined (from a chunk of its own) once the page uses
// it, and it loads the call engine (@ihkit/video) only when a call starts. Import
// `@ihkit/widgets/video-consult` for its class.
import { defineVideoConsultWhenUsed } from './video-consult/lazy.js';
defineVideoConsultWhenUsed();
// <ih-reports> likewise: defined from a chunk of its own once the page uses it; its image viewer
// is a further chunk, loaded when a series is opened. Import `@ihkit/widgets/reports` for its class.
import { defineReportsWhenUsed } from './reports/lazy.js';
defineReportsWhenUsed();

// The client, so a page that loads only the bundle can sign in (the example portal's demo login).
export { createClient, IhClient, IhError, isIhError, newIdempotencyKey } from '@ihkit/core';
export type { ClientOptions, TokenProvider, Appointment, Department, Doctor, Patient, Slot, Money, ErrorCode, Consult, ConsultMessage, ConsultStatus, Prescription, PrescriptionStatus, Finding, FindingCode } from '@ihkit/core';
