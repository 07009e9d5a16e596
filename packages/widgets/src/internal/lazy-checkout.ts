import { nothing, type ReactiveController, type TemplateResult } from 'lit';
import type { Payment } from '@ihkit/core';
import type { Checkout, CheckoutOptions } from './checkout.js';

type Host = ConstructorParameters<typeof Checkout>[0];
type Client = Parameters<Checkout['opened']>[0];

/**
 * A `Checkout` whose code and strings (the ways to pay, the open order: checkout.ts,
 * payment-methods.ts, locales/checkout) are a chunk of their own, loaded the first time
 * something is to be paid (`due()`): the first screen of <ih-clinic> and <ih-prescriptions>
 * never pays. Until the chunk is in (`ready`), the host shows its pay step as loading (its pay
 * button's text is the chunk's too) and the pay operation waits for it; the host renders again
 * once it is (and, in en or zh-TW, once its strings are). `withPart` loads a module the host's
 * pay step needs too (<ih-prescriptions>: the insurer's split), at the same time.
 */
export class LazyCheckout<Part = undefined> implements ReactiveController {
  #checkout?: Checkout;
  #part?: Part;
  #loading?: Promise<Checkout>;

  constructor(
    private readonly host: Host,
    private readonly o: CheckoutOptions,
    private readonly withPart?: () => Promise<Part>,
  ) {
    host.addController(this);
  }

  hostUpdate(): void {
    if (!this.#checkout && this.o.due()) this.#load().catch(() => undefined); // a failed load is tried again on the next update, and reported by the pay action that waits for it
  }

  /** Loads the chunk (and the host's part) now: for what comes back to the pay step (an insurer's answer). */
  load(): Promise<Checkout> {
    return this.#load();
  }

  #load(): Promise<Checkout> {
    this.#loading ??= Promise.all([import('./checkout.js'), this.withPart?.()]).then(
      ([{ Checkout }, part]) => {
        this.#part = part;
        this.#checkout = new Checkout(this.host, this.o);
        this.host.requestUpdate();
        return this.#checkout;
      },
      (e: unknown) => {
        this.#loading = undefined;
        throw e;
      },
    );
    return this.#loading;
  }

  /** Whether the chunk is in (its strings with it): the pay step can be shown. */
  get ready(): boolean {
    return this.#checkout !== undefined;
  }

  /** The host's part (`withPart`), once loaded. */
  get part(): Part | undefined {
    return this.#part;
  }

  /** The open payment order, if any. */
  get payment(): Payment | undefined {
    return this.#checkout?.payment;
  }

  /** Whether nothing can be paid online here. */
  get unavailable(): boolean {
    return this.#checkout?.unavailable ?? false;
  }

  /** The pay operation's choice (see `Checkout.choice`), once the chunk is in. */
  async choice(): ReturnType<Checkout['choice']> {
    return (await this.#load()).choice();
  }

  /** A payment order was opened (see `Checkout.opened`). */
  async opened(client: Client, payment: Payment): Promise<void> {
    return (await this.#load()).opened(client, payment);
  }

  /** Forgets the open order (none while the chunk is not in). */
  reset(): void {
    this.#checkout?.reset();
  }

  renderMethods(): TemplateResult | typeof nothing {
    return this.#checkout?.renderMethods() ?? nothing;
  }

  renderOrder(): TemplateResult | typeof nothing {
    return this.#checkout?.renderOrder() ?? nothing;
  }
}
