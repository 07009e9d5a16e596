/**
 * The pay step of <ih-booking>: a <ih-registration-pay> made here, in the registration chunk,
 * so that the booking bundle carries only the step's frame. The booking is told when the fee
 * arrived (`paid`) and when the patient asks to book again after the hold lapsed (`again`).
 */
import type { Appointment } from '@ihkit/core';
import { tagName } from '../internal/define.js';
import type { IhRegistrationPay } from './registration-pay.component.js';
import './registration-pay.js';

export function payInBooking(appointment: Appointment, paid: () => void, again: () => void, wechatOpenId?: string): HTMLElement {
  const el = document.createElement(tagName('registration-pay')) as IhRegistrationPay;
  el.setAttribute('part', 'pay');
  el.style.marginBottom = '0.75em'; // apart from the booking's summary below it
  el.appointment = appointment;
  el.again = again;
  el.wechatOpenId = wechatOpenId;
  el.addEventListener('ih-registration-paid', paid);
  return el;
}
