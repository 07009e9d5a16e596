import { isCriticalInterpretation, type Interpretation, type LabObservation, type LabReport } from '@ihkit/core';
import type { AdapterCallOptions } from './call-options.js';

export type { Interpretation, LabObservation, LabReport };

/**
 * What ihkit needs from a laboratory information system. Integrators implement it for their
 * LIS (FHIR R4 DiagnosticReport + Observation, HL7 v2 ORU^R01 messages received over MLLP, a
 * database view); `@ihkit/adapters/conformance` checks an implementation.
 *
 * Contract for implementers:
 * - Reports carry the HIS patient id in `patientId` and the HIS doctor id of whoever ordered
 *   the test in `orderingDoctorId` (that doctor is alerted to critical values).
 * - `interpretation` uses the HL7 codes N, H, L, HH, LL, A, AA; HH, LL and AA are critical.
 * - `listReports` returns the patient's reports newest (`issuedAt`) first, [] for a patient
 *   the LIS does not know. `getReport` returns undefined for an unknown id.
 * - Anything thrown means "LIS unavailable" (an AdapterError's code is passed on instead).
 */
export interface LisAdapter {
  readonly name: string;
  listReports(patientId: string, options?: AdapterCallOptions): Promise<LabReport[]>;
  getReport(reportId: string, options?: AdapterCallOptions): Promise<LabReport | undefined>;
  /**
   * Calls `fn` with every report that arrives or changes from the moment the returned promise
   * resolves, until the function it resolves to is called. A LIS that pushes results (HL7 v2)
   * calls it as they arrive; one that is only asked (FHIR) may poll. Without `watch`, critical
   * values are not alerted.
   */
  watch?(fn: (report: LabReport) => void, options?: AdapterCallOptions): Promise<() => void>;
}

/** A result flagged HH, LL or AA: a critical value (the rule lives in @ihkit/core). */
export function isCritical(observation: Pick<LabObservation, 'interpretation'>): boolean {
  return isCriticalInterpretation(observation.interpretation);
}
