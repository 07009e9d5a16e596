/**
 * The online clinic's calls, beside the IhClient's booking calls: a page that only books
 * does not load them. `clinicOf(client)` gives the one ClinicClient of a client.
 */
import type { CallOptions, IhClient } from './client.js';
import type { Query, RequestBody, ResponseBody } from './types.js';

const consultPath = (consultId: string, sub?: string) => `consults/${encodeURIComponent(consultId)}${sub ? `/${sub}` : ''}`;

export class ClinicClient {
  constructor(readonly client: IhClient) {}

  listConditions(patientId: string, o?: CallOptions) {
    return this.client.request<ResponseBody<'listConditions'>>('get', `patients/${encodeURIComponent(patientId)}/conditions`, o);
  }
  listConsults(query: Query<'listConsults'> = {}, o?: CallOptions) {
    return this.client.request<ResponseBody<'listConsults'>>('get', 'consults', { ...o, query });
  }
  createConsult(body: RequestBody<'createConsult'>, o?: CallOptions) {
    return this.client.create<ResponseBody<'createConsult'>>('consults', body, o);
  }
  getConsult(consultId: string, o?: CallOptions) {
    return this.client.request<ResponseBody<'getConsult'>>('get', consultPath(consultId), o);
  }
  getConsultHistory(consultId: string, o?: CallOptions) {
    return this.client.request<ResponseBody<'getConsultHistory'>>('get', consultPath(consultId, 'history'), o);
  }
  /** The ways to pay this hospital enables. */
  listPaymentMethods(o?: CallOptions) {
    return this.client.request<ResponseBody<'listPaymentMethods'>>('get', 'payment-methods', o);
  }
  /** Starts paying (with a chosen method; without one, the pending order's or the first enabled). */
  payConsult(consultId: string, choice?: RequestBody<'payConsult'>, o?: CallOptions) {
    return this.client.request<ResponseBody<'payConsult'>>('post', consultPath(consultId, 'payment'), { ...o, ...(choice ? { body: choice } : {}), idempotent: true });
  }
  /** Completes a sandbox payment as its payer (the demo's stand-in for a provider's checkout page). */
  sandboxPay(paymentId: string, o?: CallOptions) {
    return this.client.request<ResponseBody<'sandboxPay'>>('post', `payments/${encodeURIComponent(paymentId)}/sandbox-pay`, { ...o, idempotent: true });
  }
  cancelConsult(consultId: string, o?: CallOptions) {
    return this.client.request<ResponseBody<'cancelConsult'>>('post', consultPath(consultId, 'cancel'), { ...o, idempotent: true });
  }
  acceptConsult(consultId: string, o?: CallOptions) {
    return this.client.request<ResponseBody<'acceptConsult'>>('post', consultPath(consultId, 'accept'), { ...o, idempotent: true });
  }
  completeConsult(consultId: string, body: RequestBody<'completeConsult'>, o?: CallOptions) {
    return this.client.request<ResponseBody<'completeConsult'>>('post', consultPath(consultId, 'complete'), { ...o, body, idempotent: true });
  }
  referConsult(consultId: string, body: RequestBody<'referConsult'>, o?: CallOptions) {
    return this.client.request<ResponseBody<'referConsult'>>('post', consultPath(consultId, 'refer'), { ...o, body, idempotent: true });
  }
  listConsultMessages(consultId: string, query: Query<'listConsultMessages'> = {}, o?: CallOptions) {
    return this.client.request<ResponseBody<'listConsultMessages'>>('get', consultPath(consultId, 'messages'), { ...o, query });
  }
  sendConsultMessage(consultId: string, body: RequestBody<'sendConsultMessage'>, o?: CallOptions) {
    return this.client.create<ResponseBody<'sendConsultMessage'>>(consultPath(consultId, 'messages'), body, o);
  }
  /** Uploads an image (PNG, JPEG or WebP, at most 5 MB); send it afterwards with sendConsultMessage. */
  uploadConsultAttachment(consultId: string, image: Blob, o: CallOptions = {}) {
    return this.client.request<ResponseBody<'uploadConsultAttachment'>>('post', consultPath(consultId, 'attachments'), { ...o, raw: image });
  }
  /** An image of the consult as a Blob (for URL.createObjectURL): the request carries the token, which an <img src> could not. */
  getConsultAttachment(consultId: string, attachmentId: string, o?: CallOptions) {
    return this.client.request<Blob>('get', `${consultPath(consultId, 'attachments')}/${encodeURIComponent(attachmentId)}`, { ...o, as: 'blob' });
  }
  markConsultRead(consultId: string, seq: number, o?: CallOptions) {
    return this.client.request<ResponseBody<'markConsultRead'>>('post', consultPath(consultId, 'read'), { ...o, body: { seq }, idempotent: true });
  }
}

const clinics = new WeakMap<IhClient, ClinicClient>();

export function clinicOf(client: IhClient): ClinicClient {
  let c = clinics.get(client);
  if (!c) clinics.set(client, (c = new ClinicClient(client)));
  return c;
}
