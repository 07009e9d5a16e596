/**
 * What <ih-appointments> loads when a registration fee or a move is in play: the pay panel
 * (`<ih-registration-pay>`) and the reschedule panel (`<ih-reschedule>`), made here under the
 * page's tag prefix, and their strings, which the list then also uses for a held place's badge,
 * a refund's state and the cancel dialog's preview.
 */
import type { Appointment } from '@ihkit/core';
import { tagName } from '../internal/define.js';
import { loadStrings } from '../internal/localize.js';
import { registrationStrings } from '../locales/registration/area.js';
import type { IhRegistrationPay } from './registration-pay.component.js';
import type { IhReschedule } from './reschedule.component.js';
import './registration-pay.js';
import './reschedule.js';

loadStrings(registrationStrings);

/** The pay panel of a held place (its `ih-registration-paid` and `ih-hold-lapsed` reach the page, and the list reads itself again). */
export function payPanel(appointment: Appointment, wechatOpenId?: string): IhRegistrationPay {
  const el = document.createElement(tagName('registration-pay')) as IhRegistrationPay;
  el.setAttribute('part', 'pay');
  el.className = 'wide';
  el.appointment = appointment;
  el.wechatOpenId = wechatOpenId;
  return el;
}

/** The reschedule panel of an appointment: `close` keeps the old time, `moved` has the new one; a dearer time's difference is paid in it (in WeChat with the user's openid). */
export function reschedulePanel(appointment: Appointment, close: () => void, moved: (a: Appointment) => void, wechatOpenId?: string): IhReschedule {
  const el = document.createElement(tagName('reschedule')) as IhReschedule;
  el.setAttribute('part', 'reschedule');
  el.className = 'wide';
  Object.assign(el, { appointment, close, moved, wechatOpenId });
  return el;
}

export { registrationLine, refundPreview } from './registration-text.js';
