/**
 * The payment providers of a gateway, by name (WeChat Pay, Alipay, the demo's sandbox…), each
 * already guarded, and the methods a patient may choose among: every provider's channels, in
 * the order the providers were given.
 */
import type { PaymentAdapter, PaymentChannel } from '@ihkit/adapters';
import type { PaymentMethod } from '@ihkit/core';
import { HttpProblem } from '../problems.js';

const NAME = /^[a-z0-9_-]{1,32}$/;

export class PaymentProviders {
  readonly #byName = new Map<string, PaymentAdapter>();

  constructor(adapters: readonly PaymentAdapter[]) {
    for (const a of adapters) {
      if (!NAME.test(a.provider)) throw new Error(`ihkit gateway: a payment provider's name is 1–32 of a-z, 0-9, _ and -, got "${a.provider}"`);
      if (this.#byName.has(a.provider)) throw new Error(`ihkit gateway: two payment providers are named ${a.provider}`);
      this.#byName.set(a.provider, a);
    }
  }

  get all(): PaymentAdapter[] {
    return [...this.#byName.values()];
  }

  get(name: string): PaymentAdapter | undefined {
    return this.#byName.get(name);
  }

  methods(): PaymentMethod[] {
    return this.all.flatMap((a) => a.channels.map((channel) => ({ provider: a.provider, channel })));
  }

  /**
   * The adapter and channel of a choice: the one named, else `fallback` (the pending order's
   * method) while it is still enabled, else the first enabled method.
   */
  choose(choice: { provider?: string; channel?: PaymentChannel }, fallback?: { provider: string; channel: string | null }): { adapter: PaymentAdapter; channel: PaymentChannel } {
    const methods = this.methods();
    if (!methods.length) throw new HttpProblem('PAYMENT_UNAVAILABLE', 'No payment provider is configured on this gateway.');
    const pick = (provider: string, channel?: string | null) => methods.find((m) => m.provider === provider && (channel ? m.channel === channel : true));
    const method = choice.provider
      ? pick(choice.provider, choice.channel)
      : choice.channel
        ? undefined
        : (fallback && pick(fallback.provider, fallback.channel)) ?? methods[0];
    if (!method) throw new HttpProblem('VALIDATION_FAILED', 'This hospital does not take that payment method.', [{ pointer: '/body/provider', message: `is not among ${methods.map((m) => `${m.provider} ${m.channel}`).join(', ')}` }]);
    return { adapter: this.#byName.get(method.provider)!, channel: method.channel };
  }
}
