/**
 * What ihkit needs from the hospital's notification channels: SMS gateways (阿里云短信, 腾讯云
 * 短信, a carrier's gateway) and WeChat template messages (模板消息), which both send a
 * pre-approved template filled with parameters. The gateway writes each message to its outbox
 * in the transaction of the event it tells of and hands it to the adapter until it is taken, so
 * a provider that is down loses nothing.
 *
 * Contract for implementers:
 * - `send` is idempotent by `id`: the same id sent again (the gateway retries after a failure
 *   or a crash) must not reach the person twice; answer the first send's reference.
 * - Throw `AdapterError('PHONE_NOT_ON_FILE', …)` when the person cannot be reached by any
 *   channel the adapter has (no phone, no WeChat binding): the gateway gives that message up.
 *   Anything else thrown means "not sent, try again later".
 * - Parameters hold one-time codes: never log them, and never keep them once sent.
 */
import type { AdapterCallOptions } from './call-options.js';

/** The messages ihkit sends, each a template the provider has approved. */
export type NotificationTemplate =
  /** A one-time code that lets `holder` act for the person: { holder, code, minutes }. */
  | 'family-link-code'
  /** `holder` may now act for the person, since `since` (a date): { holder, since }. */
  | 'family-link-active'
  /** A place held for an unpaid registration fee was released: { date, time, minutes }. */
  | 'booking-hold-lapsed'
  /** A move (改约) to the slot at { date, time } did not happen: the slot was taken before it could be made; the difference paid goes back. */
  | 'reschedule-slot-taken'
  /** A move (改约) to the slot at { date, time } did not happen: its difference was not paid within { minutes }. */
  | 'reschedule-unpaid'
  /** Follow-up: home readings of the patient's plan are missed: { readings } (what, in words, e.g. 血压、体重). */
  | 'care-readings-due'
  /** Follow-up: the patient's revisit at the clinic is due on `date` (YYYY-MM-DD): { date }. */
  | 'care-revisit-due'
  /** Follow-up: a questionnaire of the patient's plan is due; no params (which one is not said: a depression scale is nobody else's business). */
  | 'care-questionnaires-due'
  /** Referral (转诊): the doctor referred the patient to `hospital` (its name); the hospital is to answer: { hospital }. */
  | 'referral-sent'
  /** Referral accepted by `hospital`, `department`: up, come on `date` (YYYY-MM-DD) at `time` (HH:mm); down, without them, its follow-up starts: { hospital, department, date?, time? }. */
  | 'referral-accepted'
  /** Referral to `hospital` declined or cancelled (a place reserved is released): { hospital }. */
  | 'referral-withdrawn'
  /** A remote consultation (远程会诊) for the patient was scheduled at `date` (YYYY-MM-DD) `time` (HH:mm), hospital time: { date, time }. */
  | 'remote-consultation-scheduled';

export interface NotificationMessage {
  /** The gateway's id for this message, stable across retries. */
  id: string;
  /** The HIS patient the message is for. */
  patientId: string;
  /** The phone the hospital has on file for them, when it has one. */
  phone?: string;
  template: NotificationTemplate;
  params: Record<string, string>;
}

export interface NotificationAdapter {
  readonly name: string;
  send(message: NotificationMessage, options?: AdapterCallOptions): Promise<{ ref: string }>;
}

/** The templates' text in Simplified Chinese, as an SMS provider would have them approved (the sandbox shows them). */
export const NOTIFICATION_TEXT: Record<NotificationTemplate, (p: Record<string, string>) => string> = {
  'family-link-code': (p) => `【互联网医院】${p.holder ?? ''}申请代您办理就诊业务，验证码 ${p.code ?? ''}，${p.minutes ?? ''}分钟内有效。如非您本人同意，请勿将验证码告诉任何人。`,
  'booking-hold-lapsed': (p) => `【互联网医院】您预约的${p.date ?? ''} ${p.time ?? ''}号源因挂号费未在${p.minutes ?? ''}分钟内支付，已释放。如需就诊，请重新预约。`,
  'reschedule-slot-taken': (p) => `【互联网医院】您申请改约至${p.date ?? ''} ${p.time ?? ''}的号源已约满，改约未成功，原预约不变，已支付的差价将原路退回。`,
  'reschedule-unpaid': (p) => `【互联网医院】您申请改约至${p.date ?? ''} ${p.time ?? ''}，因差价未在${p.minutes ?? ''}分钟内支付，改约未成功，原预约不变。`,
  'family-link-active': (p) => `【互联网医院】自${p.since ?? ''}起，${p.holder ?? ''}可代您办理就诊业务。如非您本人同意，请在您的账户中解除，或联系医院。`,
  'care-readings-due': (p) => `【互联网医院】您的慢病随访计划需要记录${p.readings ?? ''}，请测量后在随访页面填写，如有不适请及时就医。`,
  'care-revisit-due': (p) => `【互联网医院】您的慢病随访复诊时间为${p.date ?? ''}，请按时到院复诊。`,
  'care-questionnaires-due': () => '【互联网医院】您的慢病随访计划有一份问卷需要填写，请在随访页面完成。',
  'referral-sent': (p) => `【互联网医院】您的医生已为您申请转诊至${p.hospital ?? ''}，对方医院接收后将通知您就诊时间和地点。`,
  'referral-accepted': (p) => (p.date
    ? `【互联网医院】${p.hospital ?? ''}${p.department ?? ''}已接收您的转诊，请于${p.date} ${p.time ?? ''}到院就诊，就诊时请出示身份证件。`
    : `【互联网医院】${p.hospital ?? ''}${p.department ?? ''}已接收您的转诊，将为您开展后续随访，请留意医院通知。`),
  'referral-withdrawn': (p) => `【互联网医院】您转诊至${p.hospital ?? ''}的申请已取消或未被接收，如有为您预留的号源已一并释放，请联系您的医生。`,
  'remote-consultation-scheduled': (p) => `【互联网医院】您的远程会诊已安排在${p.date ?? ''} ${p.time ?? ''}，请按时与您的医生一同参加。`,
};
