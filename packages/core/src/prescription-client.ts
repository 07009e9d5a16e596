/**
 * The e-prescription calls: catalog search and checks for the doctor's editor, review for
 * pharmacists, paying and tracking for patients. `prescriptionsOf(client)` gives the one
 * PrescriptionClient of a client; a page that does not prescribe never loads it.
 */
import type { CallOptions, IhClient } from './client.js';
import type { AcceptedBody, Query, RequestBody, ResponseBody } from './types.js';

/** A signing call's options: with `respondAsync`, answered at once with the signature request while the signer has yet to confirm. */
export interface SignOptions extends CallOptions {
  respondAsync?: boolean;
}
/** What a signing call answers: with `respondAsync: true`, the prescription or (202) its signature request. */
export type Signed<Op extends 'createPrescription' | 'revisePrescription' | 'approvePrescription' | 'returnPrescription', O> = O extends { respondAsync: true }
  ? ResponseBody<Op> | AcceptedBody<Op>
  : ResponseBody<Op>;

/**
 * How long a signing call may take: the gateway waits while the signer confirms on their phone
 * (IHKIT_SIGN_CONFIRM_SECONDS, 120 by default), then answers; with `respondAsync` it answers at once.
 */
export const SIGNING_TIMEOUT_MS = 150_000;

export class PrescriptionClient {
  constructor(readonly client: IhClient) {}

  /** A POST, so that the search text stays out of URLs. */
  searchDrugs(body: RequestBody<'searchDrugs'>, o?: CallOptions) {
    return this.client.call('post', '/drug-search', { ...o, body, idempotent: true });
  }
  listPickupPoints(o?: CallOptions) {
    return this.client.call('get', '/pickup-points', o);
  }
  /** The patient's age and allergies and the gateway's limits, for the consult's doctor. */
  getPrescribingContext(consultId: string, o?: CallOptions) {
    return this.client.call('get', '/consults/{consultId}/prescribing', consultId, o);
  }
  /** Runs the checks on a draft without saving it; `revises`: the returned prescription it would replace. */
  checkPrescription(consultId: string, body: RequestBody<'checkPrescription'>, o?: CallOptions, query: Query<'checkPrescription'> = {}) {
    return this.client.call('post', '/consults/{consultId}/prescription-check', consultId, { ...o, body, query, idempotent: true });
  }
  /** Signs and submits; PRESCRIPTION_CHECK_FAILED carries the findings in `IhError.findings`. */
  createPrescription<O extends SignOptions>(consultId: string, body: RequestBody<'createPrescription'>, o?: O) {
    return this.client.call('post', '/consults/{consultId}/prescriptions', consultId, { ...o, body, creates: true, timeout: SIGNING_TIMEOUT_MS }) as Promise<Signed<'createPrescription', O>>;
  }
  /** Checks the signatures of a printed prescription by its verification code (public). */
  verifyPrescription(code: string, o?: CallOptions) {
    return this.client.call('get', '/prescription-verifications/{code}', code, o);
  }
  listPrescriptions(query: Query<'listPrescriptions'> = {}, o?: CallOptions) {
    return this.client.call('get', '/prescriptions', { ...o, query });
  }
  getPrescription(prescriptionId: string, o?: CallOptions) {
    return this.client.call('get', '/prescriptions/{prescriptionId}', prescriptionId, o);
  }
  revisePrescription<O extends SignOptions>(prescriptionId: string, body: RequestBody<'revisePrescription'>, o?: O) {
    return this.client.call('post', '/prescriptions/{prescriptionId}/revise', prescriptionId, { ...o, body, timeout: SIGNING_TIMEOUT_MS }) as Promise<Signed<'revisePrescription', O>>;
  }
  approvePrescription<O extends SignOptions>(prescriptionId: string, body: RequestBody<'approvePrescription'> = {}, o?: O) {
    return this.client.call('post', '/prescriptions/{prescriptionId}/approve', prescriptionId, { ...o, body, idempotent: true, timeout: SIGNING_TIMEOUT_MS }) as Promise<Signed<'approvePrescription', O>>;
  }
  returnPrescription<O extends SignOptions>(prescriptionId: string, body: RequestBody<'returnPrescription'>, o?: O) {
    return this.client.call('post', '/prescriptions/{prescriptionId}/return', prescriptionId, { ...o, body, idempotent: true, timeout: SIGNING_TIMEOUT_MS }) as Promise<Signed<'returnPrescription', O>>;
  }
  payPrescription(prescriptionId: string, body: RequestBody<'payPrescription'>, o?: CallOptions) {
    return this.client.call('post', '/prescriptions/{prescriptionId}/payment', prescriptionId, { ...o, body, idempotent: true });
  }
  cancelPrescription(prescriptionId: string, o?: CallOptions) {
    return this.client.call('post', '/prescriptions/{prescriptionId}/cancel', prescriptionId, { ...o, idempotent: true });
  }
}

const prescriptionClients = new WeakMap<IhClient, PrescriptionClient>();

export function prescriptionsOf(client: IhClient): PrescriptionClient {
  let c = prescriptionClients.get(client);
  if (!c) prescriptionClients.set(client, (c = new PrescriptionClient(client)));
  return c;
}
