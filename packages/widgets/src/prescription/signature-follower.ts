/**
 * Follows a signature request of the signed-in signer while they confirm on their phone
 * (请在手机上确认签名): told by the live channel when it ends (`signature` frames), asked
 * meanwhile with backoff (1 s, growing to 8 s) in case the channel is down; the time left
 * counts down every second. `onEnd` gets the ended request (signed, refused, expired, failed).
 */
import { html, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { IhError, prescriptionsOf, type IhClient, type PendingSignature, type SignatureRequest } from '@ihkit/core';
import type { Realtime } from '../internal/context.js';
import type { LocalizeController } from '../internal/localize.js';

/** 请在手机上确认签名, with the seconds left of the request followed. */
export function renderSignWaiting(l10n: LocalizeController, secondsLeft: number): TemplateResult {
  return html`<p part="sign-on-phone" class="message-line sign-on-phone" role="status">
    ${l10n.msg('rx.signOnPhone')} <span part="sign-time-left" aria-live="off">${l10n.msg('rx.signOnPhone.left', { seconds: secondsLeft })}</span>
  </p>`;
}

/** A signing call's answer is the signature request (202), not the prescription. */
export function isSignatureRequest(x: object): x is SignatureRequest {
  return 'state' in x && 'expiresAt' in x;
}

/** Why an ended signature request did not sign, as the error a waiting call would have thrown. */
export function signatureFailure(request: SignatureRequest): IhError {
  const code = request.outcome?.code ?? (request.state === 'refused' ? 'SIGNATURE_REFUSED' : 'SIGNATURE_TIMED_OUT');
  return new IhError(code, 409, code);
}

const FIRST_POLL_MS = 1000;
const MAX_POLL_MS = 8000;

export class SignatureFollower implements ReactiveController {
  /** The request followed, while it waits. */
  pending?: Pick<PendingSignature, 'id' | 'expiresAt'>;
  #poll?: ReturnType<typeof setTimeout>;
  #tick?: ReturnType<typeof setInterval>;
  #unlisten?: () => void;
  #delay = FIRST_POLL_MS;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly client: () => IhClient | undefined,
    private readonly realtime: () => Realtime | undefined,
    private readonly onEnd: (request: SignatureRequest) => void | Promise<void>,
  ) {
    host.addController(this);
  }

  /** Seconds until the request lapses (0 once past). */
  secondsLeft(now = Date.now()): number {
    return this.pending ? Math.max(0, Math.ceil((Date.parse(this.pending.expiresAt) - now) / 1000)) : 0;
  }

  follow(pending: Pick<PendingSignature, 'id' | 'expiresAt'>): void {
    if (this.pending?.id === pending.id) return;
    this.stop();
    this.pending = pending;
    this.#delay = FIRST_POLL_MS;
    this.#unlisten = this.realtime()?.onSignature((id) => {
      if (!id || id === pending.id) void this.#ask();
    });
    this.#tick = setInterval(() => this.host.requestUpdate(), 1000);
    this.#schedule();
    this.host.requestUpdate();
  }

  stop(): void {
    clearTimeout(this.#poll);
    clearInterval(this.#tick);
    this.#unlisten?.();
    this.#unlisten = this.#poll = this.#tick = undefined;
    this.pending = undefined;
  }

  hostDisconnected(): void {
    const pending = this.pending;
    this.stop();
    // Kept, so that the element put back on the page follows it again.
    this.pending = pending;
  }

  hostConnected(): void {
    const pending = this.pending;
    if (pending && !this.#tick) {
      this.pending = undefined;
      this.follow(pending);
    }
  }

  #schedule(): void {
    clearTimeout(this.#poll);
    this.#poll = setTimeout(() => void this.#ask(), this.#delay);
    this.#delay = Math.min(MAX_POLL_MS, Math.round(this.#delay * 1.6));
  }

  async #ask(): Promise<void> {
    const pending = this.pending;
    const client = this.client();
    if (!pending || !client) return;
    let request: SignatureRequest | undefined;
    try {
      request = await prescriptionsOf(client).getSignatureRequest(pending.id);
    } catch {
      // Out of reach for now: asked again later.
    }
    if (this.pending?.id !== pending.id) return;
    if (!request || request.state === 'pending') return this.#schedule();
    this.stop();
    await this.onEnd(request);
    this.host.requestUpdate();
  }
}
