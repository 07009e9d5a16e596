import type * as zh from './zh-CN.js';

/**
 * English strings: the same keys as zh-CN, area by area (checked by the types). `{name}` marks a
 * parameter.
 */
/** Shared by every element. */
export const common: Record<keyof typeof zh.common, string> = {
  'common.loading': 'Loading…',
  'common.retry': 'Try again',
  'common.back': 'Back',
  'common.close': 'Close',
  'common.signInRequired': 'Please sign in',
  'common.signInHint': 'Sign in to book, view and cancel appointments.',
  'common.notConfigured': 'Not configured: place this element inside <ih-provider api="…">.',
  'common.unknown': '—',
};

/** <ih-booking>. */
export const booking: Record<keyof typeof zh.booking, string> = {
  'booking.label': 'Book an appointment',
  'booking.progress': 'Booking steps',
  'booking.stepOf': 'Step {current} of {total}',
  'booking.step.department': 'Choose a department',
  'booking.step.doctor': 'Choose a doctor',
  'booking.step.time': 'Choose a time',
  'booking.step.patient': 'Who is the appointment for?',
  'booking.step.confirm': 'Confirm your booking',
  'booking.step.done': 'Booked',
  'booking.stepShort.department': 'Department',
  'booking.stepShort.doctor': 'Doctor',
  'booking.stepShort.time': 'Time',
  'booking.stepShort.patient': 'Patient',
  'booking.stepShort.confirm': 'Confirm',
  'booking.departments.empty': 'No departments take online bookings right now',
  'booking.departments.emptyHint': 'Please try again later, or call the hospital to book.',
  'booking.doctors.empty': 'No doctors in this department take bookings',
  'booking.doctors.emptyHint': 'Please choose another department.',
  'booking.dates.label': 'Date',
  'booking.dates.today': 'Today',
  'booking.dates.tomorrow': 'Tomorrow',
  'booking.dates.available': 'Open',
  'booking.dates.full': 'Full',
  'booking.dates.none': 'None',
  'booking.dates.availableLong': '{date}, slots open',
  'booking.dates.fullLong': '{date}, fully booked',
  'booking.dates.noneLong': '{date}, no slots',
  'booking.slots.label': 'Times on {date}',
  'booking.slots.remaining': '{count} left',
  'booking.slots.full': 'Full',
  'booking.slots.past': 'Past',
  'booking.slots.availableLong': '{time}, {count} left',
  'booking.slots.fullLong': '{time}, fully booked, unavailable',
  'booking.slots.pastLong': '{time}, in the past, unavailable',
  'booking.slots.empty': 'No slots in the next 14 days',
  'booking.slots.emptyHint': 'New slots open daily. Check back later, or choose another doctor in this department.',
  'booking.slots.otherDoctor': 'Choose another doctor',
  'booking.slots.noneThatDay': 'No slots on this day. Please pick another date.',
  'booking.slots.keyboardHint': 'Use the arrow keys to move and Enter to choose.',
  'booking.patients.empty': 'You have no patients to book for yet',
  'booking.patients.emptyHint': 'Register at the hospital first, or add a family member.',
  'booking.patients.minor': 'Minor · booked by a guardian',
  'booking.patients.idNumber': 'ID {id}',
  'booking.summary.department': 'Department',
  'booking.summary.doctor': 'Doctor',
  'booking.summary.time': 'Time',
  'booking.summary.patient': 'Patient',
  'booking.summary.fee': 'Fee',
  'booking.confirm.submit': 'Confirm booking',
  'booking.confirm.submitting': 'Booking…',
  'booking.confirm.notice': 'On the day, please arrive 15 minutes early and bring your ID.',
  'booking.done.message': '{patient} is booked with {doctor}.',
  'booking.done.again': 'Book another',
  'booking.retaken': 'Please choose another time; the list has been refreshed.',
};

/** Enum values of the contract: doctor titles, relations. */
export const values: Record<keyof typeof zh.values, string> = {
  'title.chief': 'Chief physician',
  'title.associate_chief': 'Associate chief physician',
  'title.attending': 'Attending physician',
  'title.resident': 'Resident physician',
  'relation.self': 'Myself',
  'relation.child': 'Child',
  'relation.parent': 'Parent',
  'relation.spouse': 'Spouse',
  'relation.other': 'Other',
};

/** <ih-appointments> (with the appointment statuses). */
export const appointments: Record<keyof typeof zh.appointments, string> = {
  'status.booked': 'Upcoming',
  'status.cancelled': 'Cancelled',
  'status.completed': 'Completed',
  'status.no_show': 'Missed',
  'appointments.label': 'My appointments',
  'appointments.empty': 'No appointments yet',
  'appointments.emptyHint': 'Appointments you book will appear here.',
  'appointments.upcoming': 'Upcoming',
  'appointments.past': 'Past',
  'appointments.patient': 'Patient: {name}',
  'appointments.cancel': 'Cancel',
  'appointments.dialog.title': 'Cancel this appointment?',
  'appointments.dialog.body': 'The slot will be released to other patients. To see the doctor you will need to book again.',
  'appointments.dialog.keep': 'Keep it',
  'appointments.dialog.confirm': 'Cancel appointment',
  'appointments.dialog.cancelling': 'Cancelling…',
  'appointments.cancelled': 'The appointment was cancelled.',
};

/** Error codes any element may meet (transport, auth, availability). */
export const errors: Record<keyof typeof zh.errors, string> = {
  'error.VALIDATION_FAILED': 'Some of the details are not valid. Please check and try again.',
  'error.UNAUTHENTICATED': 'Your session has ended. Please sign in again.',
  'error.FORBIDDEN': 'You are not allowed to do this.',
  'error.NOT_FOUND': 'We could not find this; it may have been removed.',
  'error.RATE_LIMITED': 'Too many requests. Please wait a moment and try again.',
  'error.HIS_UNAVAILABLE': 'The hospital system cannot be reached right now. Please try again later.',
  'error.INTERNAL': 'Something went wrong on our side. Please try again later.',
  'error.NETWORK': 'Could not connect. Please check your network and try again.',
  'error.TIMEOUT': 'The server took too long to answer. Please try again.',
  'error.UNEXPECTED_RESPONSE': 'The server sent an unexpected answer. Please try again later.',
};

/** Error codes of booking. */
export const bookingErrors: Record<keyof typeof zh.bookingErrors, string> = {
  'error.SLOT_NOT_FOUND': 'This time slot no longer exists. Please choose another.',
  'error.SLOT_TAKEN': 'Sorry, someone has just taken the last place in this slot.',
  'error.SLOT_IN_PAST': 'This time has already passed and can no longer be booked.',
  'error.ALREADY_BOOKED': 'This patient already has this booking (or one with the same doctor that day).',
  'error.IDEMPOTENCY_KEY_REUSED': 'This request was already sent. Please refresh and try again.',
  'error.PATIENT_NOT_FOUND': 'No hospital record was found for this patient.',
  'error.GUARDIAN_REQUIRED': 'A minor must be managed by a guardian.',
};

/** Error codes of cancelling. */
export const appointmentsErrors: Record<keyof typeof zh.appointmentsErrors, string> = {
  'error.CANCEL_TOO_LATE': 'It is too close to the appointment to cancel online. Please contact the hospital.',
};

/** Error codes of sign-in and family members (loaded by the full entry). */
export const accountErrors: Record<keyof typeof zh.accountErrors, string> = {
  'error.INVALID_CREDENTIALS': 'The user name or password is not correct.',
  'error.DEMO_LOGIN_DISABLED': 'Demo sign-in is not enabled.',
  'error.INVALID_RESIDENT_ID': 'The resident ID number is not valid. Please check it.',
  'error.PATIENT_ALREADY_LINKED': 'This patient has already been added.',
  'error.PAYLOAD_TOO_LARGE': 'What you sent is too large.',
};

/** The complete table. */
export const en: typeof zh.zhCN = { ...common, ...booking, ...values, ...appointments, ...errors, ...bookingErrors, ...appointmentsErrors, ...accountErrors };
