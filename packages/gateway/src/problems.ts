/**
 * RFC 9457 problems: the one table of error codes the gateway answers with, their HTTP
 * status and their title in English and Chinese, and the one function that turns anything
 * thrown while handling a request into a problem+json reply.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Finding, Problem, ServerErrorCode } from '@ihkit/core';
import { isAdapterError } from '@ihkit/adapters';
import { isDatabaseUnavailable } from './db/unavailable.js';
import { languageOf, type Language } from './languages.js';

interface ProblemKind {
  status: number;
  en: string;
  zh: string;
}

/** Typed over the contract's ErrorCode enum, so a code added to openapi.yaml must be added here. */
export const PROBLEMS: Readonly<Record<ServerErrorCode, ProblemKind>> = {
  VALIDATION_FAILED: { status: 400, en: 'The request is not valid.', zh: '请求内容不正确。' },
  UNAUTHENTICATED: { status: 401, en: 'Please sign in.', zh: '请先登录。' },
  REAUTHENTICATION_REQUIRED: { status: 401, en: 'Please confirm it is you: sign in again, then try again.', zh: '为保障安全，请重新验证身份后再操作。' },
  INVALID_CREDENTIALS: { status: 401, en: 'The username or password is wrong.', zh: '用户名或密码错误。' },
  DEMO_LOGIN_DISABLED: { status: 404, en: 'Demo sign-in is not enabled on this gateway.', zh: '此服务未开放演示账号登录。' },
  FORBIDDEN: { status: 403, en: 'You may not act for this patient.', zh: '您无权为该就诊人办理。' },
  ROLE_NOT_ALLOWED: { status: 403, en: 'Accounts of your role cannot do this.', zh: '您的账号角色无权进行此操作。' },
  NOT_FOUND: { status: 404, en: 'Not found.', zh: '未找到。' },
  SLOT_NOT_FOUND: { status: 404, en: 'This time slot does not exist.', zh: '该号源不存在。' },
  SLOT_TAKEN: { status: 409, en: 'This time slot has just been taken.', zh: '该号源已被约满。' },
  SLOT_IN_PAST: { status: 422, en: 'This time slot has already started.', zh: '该号源时间已过。' },
  ALREADY_BOOKED: { status: 409, en: 'The patient already has an appointment with this doctor that day.', zh: '该就诊人当天已预约此医生。' },
  CANCEL_TOO_LATE: { status: 422, en: 'It is too late to cancel this appointment.', zh: '距就诊时间太近，无法取消。' },
  RESCHEDULE_NOT_ALLOWED: { status: 422, en: 'This appointment cannot be moved to that slot.', zh: '该预约不能改到这个号源。' },
  IDEMPOTENCY_KEY_REUSED: { status: 422, en: 'This Idempotency-Key was already used for another request.', zh: '该幂等键已用于其他请求。' },
  INVALID_RESIDENT_ID: { status: 422, en: 'The resident ID number is not valid.', zh: '身份证号码不正确。' },
  PATIENT_NOT_FOUND: { status: 404, en: 'No hospital record matches this name and ID number.', zh: '未找到与姓名和身份证号匹配的就诊档案。' },
  PATIENT_ALREADY_LINKED: { status: 409, en: 'This patient is already on your list.', zh: '该就诊人已在您的列表中。' },
  GUARDIAN_REQUIRED: { status: 422, en: 'A minor can only be added by an adult guardian, as their child.', zh: '未成年人只能由成年监护人以子女关系添加。' },
  CONSENT_CODE_INVALID: { status: 422, en: 'This code is not right; check the code sent to your family member.', zh: '验证码不正确，请核对家人收到的验证码。' },
  CONSENT_CODE_EXPIRED: { status: 422, en: 'This code has expired or been replaced; please ask for a new one.', zh: '验证码已过期或已失效，请重新获取。' },
  CONSENT_CODE_USED: { status: 409, en: 'This code has already been used.', zh: '该验证码已使用过。' },
  PHONE_NOT_ON_FILE: { status: 422, en: 'The hospital has no phone number for this person; codes cannot be sent.', zh: '医院未登记此人的手机号，无法发送验证码。' },
  RATE_LIMITED: { status: 429, en: 'Too many requests; please try again shortly.', zh: '请求过于频繁，请稍后再试。' },
  PAYLOAD_TOO_LARGE: { status: 413, en: 'The request body is too large.', zh: '请求内容过大。' },
  HIS_UNAVAILABLE: { status: 503, en: 'The hospital system is not available; please try again later.', zh: '医院系统暂时无法访问，请稍后再试。' },
  FIRST_VISIT_NOT_ALLOWED: { status: 422, en: 'Online consults are for follow-up of a condition diagnosed at an earlier visit; please book an in-person visit.', zh: '在线复诊仅限已在线下确诊的疾病，请先预约线下就诊。' },
  INVALID_STATE: { status: 409, en: 'This cannot be done in its current state.', zh: '当前状态下无法进行此操作。' },
  CARE_PLAN_ENDED: { status: 409, en: 'The follow-up plan has ended.', zh: '该随访计划已结束。' },
  CARE_PLAN_CHANGED: { status: 409, en: 'The follow-up plan was changed in the meantime; read it again.', zh: '随访计划已被他人修改，请刷新后再改。' },
  ARTICLE_CHANGED: { status: 409, en: 'The article was edited in the meantime; read it again.', zh: '文章已被他人修改，请刷新后再改。' },
  ARTICLE_WITHDRAWN: { status: 409, en: 'The article has been withdrawn.', zh: '该文章已撤回。' },
  QUESTIONNAIRE_INVALID: { status: 400, en: 'The answers do not answer the questionnaire.', zh: '问卷的回答不完整或不符合要求。' },
  QUESTIONNAIRE_NOT_DUE: { status: 409, en: 'The plan does not ask for this questionnaire now.', zh: '随访计划目前不需要填写此问卷。' },
  PAYMENT_SIGNATURE_INVALID: { status: 401, en: 'The payment notification could not be verified.', zh: '支付通知验签失败。' },
  PAYMENT_UNAVAILABLE: { status: 503, en: 'The payment service is not available; please try again later.', zh: '支付服务暂时无法访问，请稍后再试。' },
  INSURANCE_REFUSED: { status: 422, en: 'The medical insurance refused it: the authorisation was refused or has lapsed, or the settlement was not made.', zh: '医保未能受理：授权被拒绝或已失效，或结算未成功。' },
  INSURANCE_UNAVAILABLE: { status: 503, en: 'The medical insurance service is not available; please try again later.', zh: '医保服务暂时无法访问，请稍后再试。' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, en: 'This type of content is not accepted here.', zh: '不支持该内容类型。' },
  PRESCRIPTION_CHECK_FAILED: { status: 422, en: 'The prescription does not pass the prescription checks.', zh: '处方未通过审核规则校验。' },
  SIGNATURE_INVALID: { status: 409, en: 'The prescription’s signature does not match its content.', zh: '处方电子签名与内容不符。' },
  SIGNATURE_REFUSED: { status: 409, en: 'The signer refused the signature on their device.', zh: '签名人在设备上拒绝了签名。' },
  SIGNATURE_TIMED_OUT: { status: 409, en: 'Nobody confirmed the signature in time.', zh: '签名确认已超时。' },
  SIGNER_CERTIFICATE_INVALID: { status: 409, en: 'The signer holds no valid certificate of the CA.', zh: '签名人没有有效的 CA 证书。' },
  VERIFICATION_CODE_UNKNOWN: { status: 404, en: 'No prescription has this verification code.', zh: '没有与此验证码对应的处方。' },
  PRESCRIPTION_EXPIRED: { status: 409, en: 'The prescription is no longer valid.', zh: '处方已过有效期。' },
  PRACTITIONER_NOT_PERMITTED: { status: 403, en: 'The hospital has not permitted this practitioner to practise online (a licence and the internet-practice permission, or a pharmacist’s qualification).', zh: '该医务人员未获得本院互联网诊疗（或药师审方）资格，不能进行此操作。' },
  RECORDING_NOT_CONSENTED: { status: 409, en: 'Not every participant has agreed to recording this call.', zh: '尚未获得全部参与者对录音的同意。' },
  RECORDING_FORMAT_UNSUPPORTED: { status: 415, en: 'Recordings must be WebM or Ogg audio.', zh: '录音仅支持 WebM 或 Ogg 音频格式。' },
  REFERRAL_ATTACHMENT_INVALID: { status: 422, en: 'A record attached is not one of this patient’s that you may share.', zh: '所附病历不属于该患者，或您无权共享。' },
  REFERRAL_DIRECTION_INVALID: { status: 422, en: 'The referral goes the wrong way for this hospital: up is to a higher hospital, down to a lower one.', zh: '转诊方向与医院层级不符：上转至上级医院，下转至下级医院。' },
  REFERRAL_NOT_PENDING: { status: 409, en: 'This referral has already been answered.', zh: '该转诊已处理。' },
  REFERRAL_NOT_ACCEPTED: { status: 409, en: 'The referral has not been accepted, or the patient has already arrived.', zh: '该转诊尚未接收，或患者已到院。' },
  REFERRAL_NOT_ARRIVED: { status: 409, en: 'A referral is closed only after the patient arrived.', zh: '患者到院后才能结束转诊。' },
  REFERRAL_CANNOT_CANCEL: { status: 409, en: 'The referral can no longer be cancelled: the patient arrived or it has ended.', zh: '患者已到院或转诊已结束，无法撤销。' },
  REFERRAL_NO_SLOT: { status: 409, en: 'The receiving department has no free place in the coming days.', zh: '接收科室近期没有可预约的号源。' },
  REFERRAL_PATIENT_NOT_REGISTERED: { status: 409, en: 'The receiving hospital has no record of this patient yet; register the patient there first.', zh: '接收医院尚无该患者档案，请先为患者建档。' },
  LIS_UNAVAILABLE: { status: 503, en: 'The laboratory system is not available; please try again later.', zh: '检验系统暂时无法访问，请稍后再试。' },
  PACS_UNAVAILABLE: { status: 503, en: 'The imaging system is not available; please try again later.', zh: '影像系统暂时无法访问，请稍后再试。' },
  DATABASE_UNAVAILABLE: { status: 503, en: 'The service is briefly unavailable; please try again in a moment.', zh: '服务暂时不可用，请稍后再试。' },
  INTERNAL: { status: 500, en: 'Something went wrong on our side.', zh: '服务内部错误。' },
};

export type FieldError = { pointer: string; message: string };

/** Thrown by handlers (and the gateway's own checks) for an outcome with a stable code. */
export class HttpProblem extends Error {
  override readonly name = 'HttpProblem';
  constructor(
    readonly code: ServerErrorCode,
    /** English, for developers; never personal data. */
    readonly detail?: string,
    readonly errors?: FieldError[],
    /** For PRESCRIPTION_CHECK_FAILED: what the checks found. */
    readonly findings?: Finding[],
    /** For RATE_LIMITED: seconds until trying again may succeed (the Retry-After header). */
    readonly retryAfterSeconds?: number,
  ) {
    super(detail ?? code);
  }
  get status(): number {
    return PROBLEMS[this.code].status;
  }
}

export function isHttpProblem(e: unknown): e is HttpProblem {
  return e instanceof HttpProblem;
}

type ProblemExtra = { detail?: string; errors?: FieldError[]; findings?: Finding[]; retryAfterSeconds?: number };

export function problemBody(code: ServerErrorCode, lang: Language, extra: ProblemExtra & { instance?: string } = {}): Problem {
  const kind = PROBLEMS[code];
  const body: Problem = { type: `urn:ihkit:problem:${code}`, title: kind[lang], status: kind.status, code };
  if (extra.detail) body.detail = extra.detail;
  if (extra.instance) body.instance = extra.instance;
  if (extra.errors?.length) body.errors = extra.errors;
  if (extra.findings?.length) body.findings = extra.findings;
  return body;
}

export function sendProblem(request: FastifyRequest, reply: FastifyReply, code: ServerErrorCode, extra: ProblemExtra = {}): FastifyReply {
  const lang = languageOf(request.headers['accept-language']);
  const body = problemBody(code, lang, { ...extra, instance: `urn:ihkit:request:${request.id}` });
  reply.code(body.status).header('content-type', 'application/problem+json; charset=utf-8').header('content-language', lang === 'zh' ? 'zh-CN' : 'en');
  // RFC 9470: a token that is valid but whose sign-in is too old asks for a new one.
  if (body.status === 401) reply.header('www-authenticate', code === 'REAUTHENTICATION_REQUIRED' ? 'Bearer error="insufficient_user_authentication"' : 'Bearer');
  if (extra.retryAfterSeconds) reply.header('retry-after', String(extra.retryAfterSeconds));
  return reply.send(JSON.stringify(body));
}

interface FastifyLikeError {
  code?: string;
  statusCode?: number;
  validation?: Array<{ instancePath: string; message?: string; keyword: string; params: Record<string, unknown> }>;
  validationContext?: string;
}

const PART: Record<string, string> = { body: 'body', querystring: 'query', params: 'path', headers: 'header' };

/** Ajv errors as JSON pointers into the request: /body/slotId, /query/from, /header/idempotency-key. */
export function fieldErrors(error: FastifyLikeError): FieldError[] {
  const part = PART[error.validationContext ?? 'body'] ?? 'body';
  return (error.validation ?? []).map((v) => {
    let path = v.instancePath;
    if (v.keyword === 'required' && typeof v.params.missingProperty === 'string') path += `/${escapePointer(v.params.missingProperty)}`;
    if (v.keyword === 'additionalProperties' && typeof v.params.additionalProperty === 'string') path += `/${escapePointer(v.params.additionalProperty)}`;
    return { pointer: `/${part}${path}`, message: v.message ?? v.keyword };
  });
}

export function escapePointer(s: string): string {
  return s.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** What anything thrown while handling a request becomes. Unknown errors reveal nothing. */
export function classify(error: unknown): ProblemExtra & { code: ServerErrorCode; unexpected: boolean } {
  if (isHttpProblem(error)) return { code: error.code, detail: error.detail, errors: error.errors, findings: error.findings, retryAfterSeconds: error.retryAfterSeconds, unexpected: false };
  if (isDatabaseUnavailable(error)) return { code: 'DATABASE_UNAVAILABLE', unexpected: false };
  if (isAdapterError(error)) {
    const code = error.code in PROBLEMS ? error.code : 'HIS_UNAVAILABLE';
    return { code, unexpected: false };
  }
  const e = (error ?? {}) as FastifyLikeError;
  if (e.validation) return { code: 'VALIDATION_FAILED', errors: fieldErrors(e), unexpected: false };
  if (e.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || e.statusCode === 413) return { code: 'PAYLOAD_TOO_LARGE', unexpected: false };
  if (e.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || e.statusCode === 415) return { code: 'UNSUPPORTED_MEDIA_TYPE', detail: 'Send JSON as application/json, images as image/png, image/jpeg or image/webp, recordings as audio/webm or audio/ogg.', unexpected: false };
  if (error instanceof SyntaxError || e.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || e.code === 'FST_ERR_CTP_INVALID_CONTENT_LENGTH') {
    return { code: 'VALIDATION_FAILED', detail: 'The body is not valid JSON.', unexpected: false };
  }
  if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) return { code: 'VALIDATION_FAILED', unexpected: false };
  return { code: 'INTERNAL', unexpected: true };
}
