/**
 * The choice of how to pay, shared by <ih-clinic> and <ih-prescriptions>: the methods the
 * hospital enables (listPaymentMethods) that work on this page, as a radio group, and
 * WeChat's in-app payment (WeixinJSBridge) for the jsapi channel.
 *
 * Which methods work where: WeChat Pay's `jsapi` only inside WeChat and with the payer's
 * openid (which the host page has from its WeChat sign-in: `wechat-open-id`); its `h5` only
 * outside WeChat (WeChat refuses H5 payments in its own browser); Alipay's `wap` and the
 * sandbox anywhere.
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { Payment, PaymentMethod, WechatJsapiParams } from '@ihkit/core';
import type { MsgParams, StringKey } from './localize.js';

/** Whether the page runs in WeChat's own browser. */
export function inWechat(userAgent = globalThis.navigator?.userAgent ?? ''): boolean {
  return /MicroMessenger/i.test(userAgent);
}

/** The methods that work on this page, in the hospital's order. */
export function usableMethods(methods: readonly PaymentMethod[], page: { wechat: boolean; openId?: string }): PaymentMethod[] {
  return methods.filter((m) => (m.channel === 'jsapi' ? page.wechat && !!page.openId : m.channel === 'h5' ? !page.wechat : true));
}

export const methodKey = (m: Pick<PaymentMethod, 'provider' | 'channel'>) => `${m.provider}/${m.channel}`;

const KNOWN = ['wechat', 'alipay', 'sandbox'] as const;

/** The payer's name for a method: the provider's brand (a provider has one channel per page). */
export function methodLabel(m: Pick<PaymentMethod, 'provider'>, msg: (key: StringKey, params?: MsgParams) => string): string {
  const known = KNOWN.find((k) => k === m.provider);
  return known ? msg(`payment.method.${known}`) : msg('payment.method.other', { provider: m.provider });
}

/** The radio group of the methods (nothing when there is one or none: there is no choice). */
export function renderMethodChoice(options: {
  methods: readonly PaymentMethod[];
  selected: string | undefined;
  onPick: (m: PaymentMethod) => void;
  msg: (key: StringKey, params?: MsgParams) => string;
}): TemplateResult | typeof nothing {
  const { methods, selected, onPick, msg } = options;
  if (methods.length < 2) return nothing;
  return html`<fieldset part="payment-methods" class="pay-methods">
    <legend class="subheading">${msg('payment.methods')}</legend>
    ${methods.map(
      (m) => html`<label part="payment-method" class="pay-method">
        <input type="radio" name="payment-method" value=${methodKey(m)} .checked=${selected === methodKey(m)} @change=${() => onPick(m)} />
        <span>${methodLabel(m, msg)}</span>
      </label>`,
    )}
  </fieldset>`;
}

/** The method chosen: the one picked while still offered, else the first offered. */
export function chosenMethod(methods: readonly PaymentMethod[], picked: string | undefined): PaymentMethod | undefined {
  return methods.find((m) => methodKey(m) === picked) ?? methods[0];
}

/** The pay operation's choice for a method (with the openid for jsapi). */
export function paymentChoice(m: PaymentMethod | undefined, openId: string | undefined): { provider?: string; channel?: PaymentMethod['channel']; openId?: string } {
  if (!m) return {};
  return { provider: m.provider, channel: m.channel, ...(m.channel === 'jsapi' && openId ? { openId } : {}) };
}

interface WeixinJSBridge {
  invoke(name: 'getBrandWCPayRequest', params: WechatJsapiParams, done: (res: { err_msg?: string }) => void): void;
}

/**
 * Opens WeChat's payment sheet for a jsapi order. Resolves `ok` when WeChat says it was paid
 * (the gateway's notification or order query still decides), `cancel` or `fail` otherwise,
 * `unavailable` outside WeChat.
 */
export function payInWechat(payment: Payment): Promise<'ok' | 'cancel' | 'fail' | 'unavailable'> {
  const bridge = (globalThis as { WeixinJSBridge?: WeixinJSBridge }).WeixinJSBridge;
  if (!bridge || !payment.jsapi) return Promise.resolve('unavailable');
  return new Promise((resolve) =>
    bridge.invoke('getBrandWCPayRequest', payment.jsapi!, (res) => {
      const m = res.err_msg ?? '';
      resolve(m.endsWith(':ok') ? 'ok' : m.endsWith(':cancel') ? 'cancel' : 'fail');
    }),
  );
}
