/** The steps of a booking and the rules between them. */
import type { ErrorCode } from '@ihkit/core';

/** The steps of a booking, in order; `pay` only for a slot whose fee is paid online while its place is held. */
export const BOOKING_STEPS = ['department', 'doctor', 'time', 'patient', 'confirm', 'pay', 'done'] as const;
export type BookingStep = (typeof BOOKING_STEPS)[number];

/** How many days ahead the date strip shows. */
export const BOOKING_DAYS = 14;

/** Errors on confirm that mean "this slot cannot be had": back to the times, refreshed. */
export const SLOT_GONE: ReadonlyArray<ErrorCode> = ['SLOT_TAKEN', 'SLOT_IN_PAST', 'ALREADY_BOOKED', 'SLOT_NOT_FOUND'];

export const stepIndex = (s: BookingStep) => BOOKING_STEPS.indexOf(s);
/** From the pay step on, the booking is made: no way back, no step indicator. */
export const booked = (s: BookingStep) => stepIndex(s) > 4;
