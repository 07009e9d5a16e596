/**
 * Remote consultations (远程会诊, docs/network.md#remote-consultations), for staff: a doctor asks
 * another organization of the network for an opinion on their patient, its coordinator schedules
 * or declines, an assigned expert signs the opinion, the requester closes. A client of its own
 * (`remoteConsultationsOf(client)`), so that only the staff desks' bundles carry it.
 */
import type { CallOptions, IhClient } from './client.js';
import type { Query, RequestBody } from './types.js';

/** How long an opinion's signing may wait for the expert to confirm on their phone (the gateway waits up to IHKIT_SIGN_CONFIRM_SECONDS, 120 s by default). */
const SIGNING_TIMEOUT_MS = 130_000;

export class RemoteConsultationClient {
  constructor(readonly client: IhClient) {}

  /** The organizations of the network and their doctors: whom to ask, whom to assign. */
  listDirectory(o?: CallOptions) {
    return this.client.call('get', '/remote-consultation-directory', o);
  }
  /** `side=requested`: the caller's requests (the tracker); `received`: the worklist; with the summary. */
  list(query: Query<'listRemoteConsultations'> = {}, o?: CallOptions) {
    return this.client.call('get', '/remote-consultations', { ...o, query });
  }
  get(remoteConsultationId: string, o?: CallOptions) {
    return this.client.call('get', '/remote-consultations/{remoteConsultationId}', remoteConsultationId, o);
  }
  /** For a doctor: asks another organization (retry-safe, with an Idempotency-Key). */
  create(body: RequestBody<'createRemoteConsultation'>, o?: CallOptions) {
    return this.client.call('post', '/remote-consultations', { ...o, body, creates: true });
  }
  /** For the receiving coordinator: a time and the experts. */
  schedule(remoteConsultationId: string, body: RequestBody<'scheduleRemoteConsultation'>, o?: CallOptions) {
    return this.client.call('post', '/remote-consultations/{remoteConsultationId}/schedule', remoteConsultationId, { ...o, body });
  }
  /** For the receiving coordinator: declines with a reason. */
  decline(remoteConsultationId: string, reason: string, o?: CallOptions) {
    return this.client.call('post', '/remote-consultations/{remoteConsultationId}/decline', remoteConsultationId, { ...o, body: { reason } });
  }
  /** For the requesting doctor, before it is scheduled. */
  cancel(remoteConsultationId: string, o?: CallOptions) {
    return this.client.call('post', '/remote-consultations/{remoteConsultationId}/cancel', remoteConsultationId, o);
  }
  /** For an assigned expert: the opinion, answered once they have signed it on their phone (the call waits for them). */
  submitOpinion(remoteConsultationId: string, opinion: string, o?: CallOptions) {
    return this.client.call('post', '/remote-consultations/{remoteConsultationId}/opinion', remoteConsultationId, { ...o, body: { opinion }, timeout: SIGNING_TIMEOUT_MS });
  }
  /** For the requesting doctor, once the opinion is signed. */
  close(remoteConsultationId: string, o?: CallOptions) {
    return this.client.call('post', '/remote-consultations/{remoteConsultationId}/close', remoteConsultationId, o);
  }
}

const clients = new WeakMap<IhClient, RemoteConsultationClient>();
/** The one RemoteConsultationClient of `client`. */
export function remoteConsultationsOf(client: IhClient): RemoteConsultationClient {
  let c = clients.get(client);
  if (!c) clients.set(client, (c = new RemoteConsultationClient(client)));
  return c;
}
