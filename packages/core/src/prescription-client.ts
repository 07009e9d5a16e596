/**
 * The e-prescription calls: catalog search and checks for the doctor's editor, review for
 * pharmacists, paying and tracking for patients. `prescriptionsOf(client)` gives the one
 * PrescriptionClient of a client; a page that does not prescribe never loads it.
 */
import type { CallOptions, IhClient } from './client.js';
import { newIdempotencyKey } from './idempotency.js';
import type { AcceptedBody, Query, RequestBody, ResponseBody } from './types.js';

/** A signing call's options: with `respondAsync`, answered at once with the signature request while the signer has yet to confirm. */
export interface SignOptions extends CallOptions {
  respondAsync?: boolean;
}
/** What a signing call answers: with `respondAsync: true`, the prescription or (202) its signature request. */
export type Signed<Op extends 'createPrescription' | 'revisePrescription' | 'approvePrescription' | 'returnPrescription', O> = O extends { respondAsync: true }
  ? ResponseBody<Op> | AcceptedBody<Op>
  : ResponseBody<Op>;


const path = (prescriptionId: string, sub?: string) => `prescriptions/${encodeURIComponent(prescriptionId)}${sub ? `/${sub}` : ''}`;
const consultPath = (consultId: string, sub: string) => `consults/${encodeURIComponent(consultId)}/${sub}`;

/**
 * How long a signing call may take: the gateway waits while the signer confirms on their phone
 * (IHKIT_SIGN_CONFIRM_SECONDS, 120 by default), then answers; with `respondAsync` it answers at once.
 */
export const SIGNING_TIMEOUT_MS = 150_000;

export class PrescriptionClient {
  constructor(readonly client: IhClient) {}

  /** A POST, so that the search text stays out of URLs. */
  searchDrugs(body: RequestBody<'searchDrugs'>, o?: CallOptions) {
    return this.client.request<ResponseBody<'searchDrugs'>>('post', 'drug-search', { ...o, body, idempotent: true });
  }
  listPickupPoints(o?: CallOptions) {
    return this.client.request<ResponseBody<'listPickupPoints'>>('get', 'pickup-points', o);
  }
  /** The patient's age and allergies and the gateway's limits, for the consult's doctor. */
  getPrescribingContext(consultId: string, o?: CallOptions) {
    return this.client.request<ResponseBody<'getPrescribingContext'>>('get', consultPath(consultId, 'prescribing'), o);
  }
  /** Runs the checks on a draft without saving it; `revises`: the returned prescription it would replace. */
  checkPrescription(consultId: string, body: RequestBody<'checkPrescription'>, o?: CallOptions, query: Query<'checkPrescription'> = {}) {
    return this.client.request<ResponseBody<'checkPrescription'>>('post', consultPath(consultId, 'prescription-check'), { ...o, body, query, idempotent: true });
  }
  /** Signs and submits; PRESCRIPTION_CHECK_FAILED carries the findings in `IhError.findings`. */
  createPrescription<O extends SignOptions>(consultId: string, body: RequestBody<'createPrescription'>, o: O = {} as O) {
    return this.client.request<Signed<'createPrescription', O>>('post', consultPath(consultId, 'prescriptions'), {
      body, signal: o.signal, key: o.idempotencyKey ?? newIdempotencyKey(), timeout: SIGNING_TIMEOUT_MS, respondAsync: o.respondAsync,
    });
  }
  /** Checks the signatures of a printed prescription by its verification code (public). */
  verifyPrescription(code: string, o?: CallOptions) {
    return this.client.request<ResponseBody<'verifyPrescription'>>('get', `prescription-verifications/${encodeURIComponent(code)}`, o);
  }
  listPrescriptions(query: Query<'listPrescriptions'> = {}, o?: CallOptions) {
    return this.client.request<ResponseBody<'listPrescriptions'>>('get', 'prescriptions', { ...o, query });
  }
  getPrescription(prescriptionId: string, o?: CallOptions) {
    return this.client.request<ResponseBody<'getPrescription'>>('get', path(prescriptionId), o);
  }
  revisePrescription<O extends SignOptions>(prescriptionId: string, body: RequestBody<'revisePrescription'>, o?: O) {
    return this.client.request<Signed<'revisePrescription', O>>('post', path(prescriptionId, 'revise'), { ...o, body, timeout: SIGNING_TIMEOUT_MS });
  }
  approvePrescription<O extends SignOptions>(prescriptionId: string, body: RequestBody<'approvePrescription'> = {}, o?: O) {
    return this.client.request<Signed<'approvePrescription', O>>('post', path(prescriptionId, 'approve'), { ...o, body, idempotent: true, timeout: SIGNING_TIMEOUT_MS });
  }
  returnPrescription<O extends SignOptions>(prescriptionId: string, body: RequestBody<'returnPrescription'>, o?: O) {
    return this.client.request<Signed<'returnPrescription', O>>('post', path(prescriptionId, 'return'), { ...o, body, idempotent: true, timeout: SIGNING_TIMEOUT_MS });
  }
  payPrescription(prescriptionId: string, body: RequestBody<'payPrescription'>, o?: CallOptions) {
    return this.client.request<ResponseBody<'payPrescription'>>('post', path(prescriptionId, 'payment'), { ...o, body, idempotent: true });
  }
  cancelPrescription(prescriptionId: string, o?: CallOptions) {
    return this.client.request<ResponseBody<'cancelPrescription'>>('post', path(prescriptionId, 'cancel'), { ...o, idempotent: true });
  }
}

const prescriptionClients = new WeakMap<IhClient, PrescriptionClient>();

export function prescriptionsOf(client: IhClient): PrescriptionClient {
  let c = prescriptionClients.get(client);
  if (!c) prescriptionClients.set(client, (c = new PrescriptionClient(client)));
  return c;
}
