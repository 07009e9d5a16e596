import type { FhirClient } from './client.js';

/** What the HIS modules share: the server, the hospital's time zone and currency, the clock. */
export interface HisContext {
  client: FhirClient;
  /** IANA time zone; local dates (slots, visits) are in it. */
  timeZone: string;
  /** Currency of amounts that carry none. */
  currency: string;
  now: () => Date;
  /** Appointment.identifier system of the hospital's own appointment numbers (default urn:ihkit:appointment-number). */
  appointmentNumberSystem: string;
}
