/**
 * Follows a signature request of the signed-in signer while they confirm on their phone
 * (请在手机上确认签名): told by the live channel when it ends (`signature` frames), asked
 * meanwhile with backoff (1 s, growing to 8 s) in case the channel is down; the time left
 * counts down every second. When it ends, `onEnd` gets what a waiting call would have answered:
 * the prescription as stored once signed, else the error (refused, lapsed, failed). A chunk of its own,
 * with its strings (locales/signature/), loaded by signature-following.ts (the desk's hold on the
 * request) when a request waits; it keeps the hold's `pending` and `view`.
 */
import { html, nothing, type ReactiveController, type TemplateResult } from 'lit';
import { IhError, SignatureRequestClient, prescriptionsOf, type IhClient, type PendingSignature, type Prescription, type SignatureRequest } from '@ihkit/core';
import { createRealtime } from '../consult/default-realtime.js';
import { loadStrings } from '../internal/localize.js';
import { signatureStrings } from '../locales/signature/area.js';
import type { SignatureFollowing } from './signature-following.js';

/** What a follower follows: a 202 answer's request, or a prescription's `pendingSignature`. */
export type Followed = Pick<PendingSignature, 'id' | 'expiresAt'>;
export type SignatureEnd = (outcome: Prescription | IhError, request: SignatureRequest) => void;

/** What a waiting call would have answered: the prescription as stored once signed, else the error it would have thrown. */
async function outcomeOf(client: IhClient, request: SignatureRequest): Promise<Prescription | IhError> {
  if (request.state === 'signed') return prescriptionsOf(client).getPrescription(request.prescriptionId).catch((e: IhError) => e);
  const code = request.outcome?.code ?? (request.state === 'refused' ? 'SIGNATURE_REFUSED' : 'SIGNATURE_TIMED_OUT');
  return new IhError(code, 409, code);
}

const FIRST_POLL_MS = 1000;
const MAX_POLL_MS = 8000;

export class SignatureFollower implements ReactiveController {
  /** The id of the request followed, while it waits (the hold's `pending` is the request). */
  #followed?: string;
  /** The requests followed to their end: never followed again, even where a read still names one. */
  readonly #ended = new Set<string>();
  #poll?: ReturnType<typeof setTimeout>;
  #tick?: ReturnType<typeof setInterval>;
  #unlisten?: () => void;
  #delay = FIRST_POLL_MS;

  constructor(private readonly hold: SignatureFollowing) {
    hold.host.addController(this);
    hold.view = () => (hold.pending ? this.render() : nothing);
  }

  /** Seconds until the request lapses (0 once past). */
  secondsLeft(now = Date.now()): number {
    const pending = this.hold.pending;
    return pending ? Math.max(0, Math.ceil((Date.parse(pending.expiresAt) - now) / 1000)) : 0;
  }

  follow(pending: Followed): void {
    if (this.#ended.has(pending.id)) return this.#forget(pending.id);
    if (this.#followed === pending.id) return;
    this.stop();
    this.#followed = pending.id;
    this.hold.pending = pending;
    this.#delay = FIRST_POLL_MS;
    this.#unlisten = this.hold.config()?.realtime(createRealtime).onSignature((id) => {
      if (!id || id === pending.id) void this.#ask();
    });
    this.#tick = setInterval(() => this.hold.host.requestUpdate(), 1000);
    this.#schedule();
    this.hold.host.requestUpdate();
  }

  stop(): void {
    clearTimeout(this.#poll);
    clearInterval(this.#tick);
    this.#unlisten?.();
    this.#unlisten = this.#poll = this.#tick = this.#followed = undefined;
  }

  hostDisconnected(): void {
    // The request stays on hold, so that the element put back on the page follows it again.
    this.stop();
  }

  hostConnected(): void {
    if (this.hold.pending && !this.#followed) this.follow(this.hold.pending);
  }

  /** 请在手机上确认签名, with the seconds left (part `sign-on-phone`, announced politely; the count is not read out). */
  render(): TemplateResult {
    const l10n = this.hold.l10n;
    return html`<p part="sign-on-phone" class="message-line sign-on-phone" role="status">
      ${l10n.msg('rx.signOnPhone')} <span part="sign-time-left" aria-live="off">${l10n.msg('rx.signOnPhone.left', { seconds: this.secondsLeft() })}</span>
    </p>`;
  }

  /** The hold no longer waits for request `id` (ended). */
  #forget(id: string): void {
    if (this.hold.pending?.id === id) this.hold.pending = undefined;
    this.hold.host.requestUpdate();
  }

  #schedule(): void {
    clearTimeout(this.#poll);
    this.#poll = setTimeout(() => void this.#ask(), this.#delay);
    this.#delay = Math.min(MAX_POLL_MS, Math.round(this.#delay * 1.6));
  }

  async #ask(): Promise<void> {
    const id = this.#followed;
    const client = this.hold.config()?.client;
    if (!id || !client) return;
    let request: SignatureRequest | undefined;
    try {
      request = await new SignatureRequestClient(client).getSignatureRequest(id);
    } catch {
      // Out of reach for now: asked again later.
    }
    if (this.#followed !== id) return;
    if (!request || request.state === 'pending') return this.#schedule();
    this.stop();
    this.#ended.add(id);
    const outcome = await outcomeOf(client, request);
    this.#forget(id);
    this.hold.onEnd(outcome, request);
  }
}

/** The follower of a signing desk's hold, once its strings are in for the desk's language. */
export async function signatureFollower(hold: SignatureFollowing): Promise<SignatureFollower> {
  loadStrings(signatureStrings);
  await hold.l10n.ready();
  return new SignatureFollower(hold);
}
