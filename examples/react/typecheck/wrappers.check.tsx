// Type-checked (never run) by examples/test/frameworks.e2e.test.ts: the generated React
// components must type their properties and their events' details. Each @ts-expect-error
// is a mistake tsc has to catch; one it no longer catches fails the check.
import type { IhBookedDetail, IhPrescriptionReviewedDetail } from '@ihkit/widgets';
import { IhBooking, IhPharmacistReview, IhProvider, type IhBookingProps } from '@ihkit/widgets/react';
import { IhAppointments } from '@ihkit/widgets/react/appointments';
import type { IhAppointments as IhAppointmentsElement } from '@ihkit/widgets/appointments';
import { createRef } from 'react';

const appointmentId = (e: CustomEvent<IhBookedDetail>): string => e.detail.appointmentId;
const decision = (e: CustomEvent<IhPrescriptionReviewedDetail>): 'approved' | 'returned' => e.detail.decision;
const list = createRef<IhAppointmentsElement>();

export const fine = (
  <IhProvider api="/api" locale="en" token="t" tokenProvider={async () => 't'} strings={{ 'booking.step.done': 'Done' }}>
    <IhBooking department="dep_cardiology" headingLevel={2} onIhBooked={(e) => appointmentId(e)} className="booking" />
    <IhPharmacistReview onIhPrescriptionReviewed={(e) => decision(e)} />
    <IhAppointments ref={list} onIhCancelled={(e) => e.detail.appointmentId.length} />
  </IhProvider>
);

export const handler: IhBookingProps['onIhBooked'] = (e) => {
  const id: string = e.detail.appointmentId;
  // @ts-expect-error events carry ids only: there is no patient name in the detail
  return id + e.detail.patientName;
};

// @ts-expect-error a handler for another event's detail
export const wrongDetail = <IhBooking onIhBooked={(e: CustomEvent<{ consultId: string }>) => e.detail.consultId} />;

// @ts-expect-error headingLevel is a number
export const wrongProperty = <IhBooking headingLevel="two" />;

// @ts-expect-error the element emits no such event
export const unknownEvent = <IhBooking onIhConsultPaid={() => undefined} />;

// @ts-expect-error the step is the element's own state, not an input
export const stateIsNotAProp = <IhBooking step="confirm" />;

export const refresh = () => list.current?.refresh();
