/**
 * A signing desk's hold on the signature request that waits for its signer on their phone (the
 * editor's and the pharmacist review's): known at once — a signing call's 202 answer, or a
 * reloaded page's `pendingSignature` — while the follower that asks about it and shows
 * 请在手机上确认签名 (signature-follower.ts, with its strings) is loaded then, as a chunk of its own.
 * `onEnd` gets what a waiting call would have answered: the prescription as stored, or the error.
 */
import type { nothing, ReactiveControllerHost, TemplateResult } from 'lit';
import type { PendingSignature, Prescription, SignatureRequest } from '@ihkit/core';
import type { IhConfig } from '../internal/context.js';
import type { LocalizeController } from '../internal/localize.js';
import type { Followed, SignatureEnd, SignatureFollower } from './signature-follower.js';

export class SignatureFollowing {
  /** The request that waits for the signer, if any: set at once, cleared by the follower when it ends. */
  pending?: Followed;
  /** What the follower shows while a request waits (set once its chunk is in). */
  view?: () => TemplateResult | typeof nothing;
  #follower?: Promise<SignatureFollower | undefined>;

  constructor(
    readonly host: ReactiveControllerHost,
    readonly l10n: LocalizeController,
    /** The desk's configuration: its client, and its live channel. */
    readonly config: () => IhConfig | undefined,
    readonly onEnd: SignatureEnd,
  ) {}

  follow(request: Followed): void {
    this.pending = request;
    this.host.requestUpdate();
    this.#follower ??= import('./signature-follower.js').then(
      (m) => m.signatureFollower(this),
      // Not loaded (offline): the desk lets them sign again, which finds the same request.
      () => {
        this.#follower = this.pending = undefined;
        this.host.requestUpdate();
        return undefined;
      },
    );
    void this.#follower.then((f) => f?.follow(request));
  }

  /** A prescription (or prescribing context) read while its signer's request waits, after a reload say: followed again. */
  resume(read: { pendingSignature?: PendingSignature }, kind: PendingSignature['kind']): void {
    if (read.pendingSignature?.kind === kind) this.follow(read.pendingSignature);
  }

  /** A signing call's answer: the signature request (202) is followed; false when it is the prescription, signed. */
  accepted(answer: Prescription | SignatureRequest): answer is SignatureRequest {
    if (!('state' in answer)) return false;
    this.follow(answer);
    return true;
  }
}
