/**
 * The online clinic's calls, beside the IhClient's booking calls: a page that only books
 * does not load them. `clinicOf(client)` gives the one ClinicClient of a client.
 */
import type { CallOptions, IhClient } from './client.js';
import type { Query, RequestBody } from './types.js';

export class ClinicClient {
  constructor(readonly client: IhClient) {}

  listConditions(patientId: string, o?: CallOptions) {
    return this.client.call('get', '/patients/{patientId}/conditions', patientId, o);
  }
  listConsults(query: Query<'listConsults'> = {}, o?: CallOptions) {
    return this.client.call('get', '/consults', { ...o, query });
  }
  createConsult(body: RequestBody<'createConsult'>, o?: CallOptions) {
    return this.client.call('post', '/consults', { ...o, body, creates: true });
  }
  getConsult(consultId: string, o?: CallOptions) {
    return this.client.call('get', '/consults/{consultId}', consultId, o);
  }
  getConsultHistory(consultId: string, o?: CallOptions) {
    return this.client.call('get', '/consults/{consultId}/history', consultId, o);
  }
  /** The ways to pay this hospital enables. */
  listPaymentMethods(o?: CallOptions) {
    return this.client.call('get', '/payment-methods', o);
  }
  /** Starts paying (with a chosen method; without one, the pending order's or the first enabled). */
  payConsult(consultId: string, choice?: RequestBody<'payConsult'>, o?: CallOptions) {
    return this.client.call('post', '/consults/{consultId}/payment', consultId, { ...o, ...(choice ? { body: choice } : {}), idempotent: true });
  }
  /** Completes a sandbox payment as its payer (the demo's stand-in for a provider's checkout page). */
  sandboxPay(paymentId: string, o?: CallOptions) {
    return this.client.call('post', '/payments/{paymentId}/sandbox-pay', paymentId, { ...o, idempotent: true });
  }
  cancelConsult(consultId: string, o?: CallOptions) {
    return this.client.call('post', '/consults/{consultId}/cancel', consultId, { ...o, idempotent: true });
  }
  acceptConsult(consultId: string, o?: CallOptions) {
    return this.client.call('post', '/consults/{consultId}/accept', consultId, { ...o, idempotent: true });
  }
  completeConsult(consultId: string, body: RequestBody<'completeConsult'>, o?: CallOptions) {
    return this.client.call('post', '/consults/{consultId}/complete', consultId, { ...o, body, idempotent: true });
  }
  referConsult(consultId: string, body: RequestBody<'referConsult'>, o?: CallOptions) {
    return this.client.call('post', '/consults/{consultId}/refer', consultId, { ...o, body, idempotent: true });
  }
  listConsultMessages(consultId: string, query: Query<'listConsultMessages'> = {}, o?: CallOptions) {
    return this.client.call('get', '/consults/{consultId}/messages', consultId, { ...o, query });
  }
  sendConsultMessage(consultId: string, body: RequestBody<'sendConsultMessage'>, o?: CallOptions) {
    return this.client.call('post', '/consults/{consultId}/messages', consultId, { ...o, body, creates: true });
  }
  /** Uploads an image (PNG, JPEG or WebP, at most 5 MB); send it afterwards with sendConsultMessage. */
  uploadConsultAttachment(consultId: string, image: Blob, o: CallOptions = {}) {
    return this.client.call('post', '/consults/{consultId}/attachments', consultId, { ...o, raw: image });
  }
  /** An image of the consult as a Blob (for URL.createObjectURL): the request carries the token, which an <img src> could not. */
  getConsultAttachment(consultId: string, attachmentId: string, o?: CallOptions) {
    return this.client.call('get', '/consults/{consultId}/attachments/{attachmentId}', consultId, attachmentId, { ...o, as: 'blob' });
  }
  markConsultRead(consultId: string, seq: number, o?: CallOptions) {
    return this.client.call('post', '/consults/{consultId}/read', consultId, { ...o, body: { seq }, idempotent: true });
  }
}

const clinics = new WeakMap<IhClient, ClinicClient>();

export function clinicOf(client: IhClient): ClinicClient {
  let c = clinics.get(client);
  if (!c) clinics.set(client, (c = new ClinicClient(client)));
  return c;
}
