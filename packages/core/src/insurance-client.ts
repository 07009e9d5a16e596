/**
 * Paying a prescription or a follow-up consult's fee through medical insurance (医保移动支付): start (the insurer's
 * e-certificate page), hand over what it sent back, settle. `insuranceOf(client)` gives the one
 * InsuranceClient of a client; a page that never offers insurance never loads it.
 */
import type { CallOptions, IhClient } from './client.js';
import type { RequestBody } from './types.js';

/** The fragment parameters the insurer's page sends the patient back with. */
export const INSURANCE_RETURN = { state: 'ihkit-insurance-state', code: 'ihkit-insurance-code', error: 'ihkit-insurance-error' } as const;

/** What the insurer's page sent the patient back with, read from a page address's fragment (undefined: nothing of it). */
export function insuranceReturn(hash: string): { state: string; code?: string; refused: boolean } | undefined {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const state = params.get(INSURANCE_RETURN.state);
  if (!state) return undefined;
  const code = params.get(INSURANCE_RETURN.code) ?? undefined;
  return { state, ...(code ? { code } : {}), refused: !code };
}

export class InsuranceClient {
  constructor(readonly client: IhClient) {}
  startPrescriptionInsurance(prescriptionId: string, body: RequestBody<'startPrescriptionInsurance'>, o?: CallOptions) {
    return this.client.call('post', '/prescriptions/{prescriptionId}/insurance', prescriptionId, { ...o, body, idempotent: true });
  }
  startConsultInsurance(consultId: string, body: RequestBody<'startConsultInsurance'>, o?: CallOptions) {
    return this.client.call('post', '/consults/{consultId}/insurance', consultId, { ...o, body, idempotent: true });
  }
  authoriseInsurance(body: RequestBody<'authoriseInsurance'>, o?: CallOptions) {
    return this.client.call('post', '/insurance/authorisations', { ...o, body, idempotent: true });
  }
  settleInsurance(settlementId: string, body: RequestBody<'settleInsurance'> = {}, o?: CallOptions) {
    return this.client.call('post', '/insurance/settlements/{settlementId}/settle', settlementId, { ...o, body, idempotent: true });
  }
}

const insuranceClients = new WeakMap<IhClient, InsuranceClient>();

export function insuranceOf(client: IhClient): InsuranceClient {
  let c = insuranceClients.get(client);
  if (!c) insuranceClients.set(client, (c = new InsuranceClient(client)));
  return c;
}
