/**
 * A contract-shaped mock of the ihkit gateway for widget tests, served in the page by msw's
 * service worker. Data is generated relative to "now" in Asia/Shanghai so slots stay in the
 * future whenever the tests run.
 */
import { deepActiveElement } from '../src/internal/focus.js';
// Every test against the mock gateway also checks that the ih- events it sees carry ids only.
import './event-privacy.js';
import { FOOT, PLAN_ARTICLES, SALT, summaryOf } from './article-data.js';
import { http, HttpResponse, delay, type HttpHandler } from 'msw';
import { setupWorker } from 'msw/browser';
import { addDays, CHILD_DOSE_AGE, checkPrescription, DEFAULT_PRESCRIPTION_RULES, GUARDIAN_PRESENCE_AGE, isValidResidentId, localDate, maskResidentId, normalizeConsentCode, priceItems, residentIdCheckChar, type FamilyLink, type FamilyRelation, type Allergy, type Drug, type PickupPoint, type Prescription, type PrescriptionDraft, type Appointment, type Condition, type Consult, type ConsultMessage, type Department, type Doctor, type Encounter, type Patient, type Payment, type PaymentMethod, type PractitionerStatus, type Problem, type Slot, type TriageRules, type Article, type CarePlanArticle, type PatientReferral } from '@ihkit/core';

export const TOKEN = 'test-token';
export const today = localDate(new Date(), 'Asia/Shanghai');
export const tomorrow = addDays(today, 1);
const at = (date: string, hm: string) => `${date}T${hm}:00+08:00`;
const cny = (amount: number) => ({ amount, currency: 'CNY' });

export function problem(status: number, code: Problem['code'], title = code): HttpResponse<Problem> {
  return HttpResponse.json({ type: 'about:blank', title, status, code }, { status, headers: { 'Content-Type': 'application/problem+json' } });
}

export interface Db {
  departments: Department[];
  /** Health education: the published articles, and the reading list of every plan (article-data.ts). */
  articles: Article[];
  planArticles: CarePlanArticle[];
  doctors: Doctor[];
  slots: Slot[];
  patients: Patient[];
  appointments: Appointment[];
  /** Diagnoses of earlier offline visits, by patient. */
  conditions: Record<string, Condition[]>;
  consults: Consult[];
  messages: Record<string, ConsultMessage[]>;
  payments: Payment[];
  /** The ways to pay the hospital takes (listPaymentMethods). */
  paymentMethods: PaymentMethod[];
  /** Minutes a booked place with a fee is held while its registration fee is unpaid (0: not charged online, the default). */
  holdMinutes: number;
  history: Encounter[];
  drugs: Drug[];
  /** Recorded allergies, by patient. */
  allergies: Record<string, Allergy[]>;
  interactions: { a: string; b: string; severity: 'major' | 'moderate'; note: string; noteEn?: string }[];
  pickupPoints: PickupPoint[];
  prescriptions: Prescription[];
  /** The referrals of the account's patients (listMyReferrals). */
  referrals: PatientReferral[];
  triageRules: TriageRules;
  /** Other accounts' links to the user's own record (listFamilyLinks). */
  familyLinks: FamilyLink[];
  /** The hospital's records a family member can be added from, by name and ID number. */
  hospital: HospitalRecord[];
  /** What getMyPractitioner answers the signed-in doctor or pharmacist: permitted unless a test says otherwise. */
  practitioner: PractitionerStatus;
}

/** A practitioner's standing as the gateway answers it: 李敏, permitted, unless `over` says otherwise. */
export function practitionerOf(over: Partial<PractitionerStatus> = {}): PractitionerStatus {
  return {
    standing: 'permitted',
    practitioner: { id: 'doc_li', kind: 'doctor', name: '李敏', licenceNumber: '110330120260037', category: 'clinical', scope: ['内科专业'], title: '主治医师', departmentIds: ['dep_cardio'], permission: { from: '2024-03-01' } },
    ...over,
  };
}

/** A patient as the hospital holds them, for adding as a family member. */
export interface HospitalRecord {
  id: string;
  name: string;
  idNumber: string;
  gender: 'male' | 'female';
  birthDate: string;
  minor: boolean;
  /** The phone on file, masked as the gateway shows it; none: no phone on file. */
  phoneMasked?: string;
}

/** A valid resident ID number (its check character computed) from its first 17 characters. */
export const residentId = (first17: string) => first17 + residentIdCheckChar(first17);
/** The code the mock family member receives on their phone. */
export const FAMILY_CODE = '246810';

export function seed(): Db {
  const slot = (id: string, date: string, start: string, end: string, available: number): Slot => ({
    id, doctorId: 'doc_wang', departmentId: 'dep_cardio', start: at(date, start), end: at(date, end), capacity: 5, available, fee: cny(5000),
  });
  return {
    articles: [SALT, FOOT],
    planArticles: PLAN_ARTICLES.map((a) => ({ ...a })),
    referrals: [],
    departments: [
      { id: 'dep_cardio', name: '心血管内科', nameEn: 'Cardiology', description: '高血压、冠心病、心律失常', descriptionEn: 'Hypertension, heart disease' },
      { id: 'dep_peds', name: '儿科', nameEn: 'Paediatrics' },
    ],
    doctors: [
      { id: 'doc_wang', name: '王建国', nameEn: 'Wang Jianguo', departmentId: 'dep_cardio', title: 'chief', specialty: '冠心病介入治疗', specialtyEn: 'Coronary intervention', fee: cny(5000) },
      { id: 'doc_li', name: '李敏', nameEn: 'Li Min', departmentId: 'dep_cardio', title: 'attending', fee: cny(2500) },
      { id: 'doc_zhao', name: '赵晓红', departmentId: 'dep_peds', title: 'associate_chief', fee: cny(3000) },
    ],
    slots: [
      slot('slot_past', today, '00:00', '00:30', 5),
      slot('slot_a', tomorrow, '08:00', '08:30', 3),
      slot('slot_b', tomorrow, '08:30', '09:00', 0),
      slot('slot_c', tomorrow, '09:00', '09:30', 1),
      slot('slot_d', tomorrow, '09:30', '10:00', 2),
      slot('slot_e', addDays(today, 3), '14:00', '14:30', 4),
    ],
    patients: [
      { id: 'pat_self', name: '张伟', relation: 'self', gender: 'male', birthDate: '1985-04-02', idNumberMasked: '1101**********0019', minor: false, linkId: 'fl_self', status: 'active', since: '2024-03-01T08:00:00+08:00' },
      { id: 'pat_kid', name: '张小宝', relation: 'child', gender: 'female', birthDate: '2017-06-01', idNumberMasked: '1101**********0028', minor: true, linkId: 'fl_kid', status: 'active', since: '2024-03-01T08:05:00+08:00' },
    ],
    familyLinks: [],
    hospital: [
      { id: 'pat_mother', name: '王秀英', idNumber: residentId('11010519480312224'), gender: 'female', birthDate: '1948-03-12', minor: false, phoneMasked: '*******0011' },
      { id: 'pat_nophone', name: '李国华', idNumber: residentId('11010519500101113'), gender: 'male', birthDate: '1950-01-01', minor: false },
      { id: 'pat_niece', name: '张小雨', idNumber: residentId('11010520200601224'), gender: 'female', birthDate: '2020-06-01', minor: true },
    ],
    appointments: [
      { id: 'apt_past', patientId: 'pat_self', slotId: 'slot_old', doctorId: 'doc_li', departmentId: 'dep_cardio', start: at(addDays(today, -10), '10:00'), end: at(addDays(today, -10), '10:30'), status: 'completed', fee: cny(2500), createdAt: at(addDays(today, -12), '10:00') },
      // The HIS's own numbers: apt_later has none (a HIS that gives none), the others have theirs.
      { id: 'apt_later', patientId: 'pat_kid', slotId: 'slot_e', doctorId: 'doc_zhao', departmentId: 'dep_peds', start: at(addDays(today, 3), '14:00'), end: at(addDays(today, 3), '14:30'), status: 'booked', fee: cny(3000), createdAt: at(today, '00:01') },
      { id: 'apt_soon', patientId: 'pat_self', slotId: 'slot_a', doctorId: 'doc_wang', departmentId: 'dep_cardio', start: at(tomorrow, '08:00'), end: at(tomorrow, '08:30'), status: 'booked', fee: cny(5000), createdAt: at(today, '00:02'), number: 'GH20261124-0007' },
    ],
    conditions: {
      pat_self: [{ encounterId: 'enc_1', code: 'I10', name: '原发性高血压', date: addDays(today, -30), departmentId: 'dep_cardio', doctorId: 'doc_li' }],
      pat_kid: [],
    },
    consults: [],
    messages: {},
    payments: [],
    paymentMethods: [{ provider: 'sandbox', channel: 'sandbox' }],
    holdMinutes: 0,
    drugs: drugsSeed(),
    allergies: { pat_self: [{ group: 'penicillin', name: '青霉素', nameEn: 'Penicillin', reaction: '皮疹', reactionEn: 'Rash' }] },
    interactions: [{ a: 'statin', b: 'macrolide', severity: 'major', note: '合用增加横纹肌溶解风险', noteEn: 'Together they raise the risk of rhabdomyolysis' }],
    pickupPoints: [
      { id: 'pp_1', name: '城东人民医院门诊药房', nameEn: 'Outpatient pharmacy', address: '门诊楼一层', addressEn: 'Outpatient building, ground floor', hours: '08:00–17:30' },
      { id: 'pp_2', name: '人民路大药房', address: '人民路 88 号', hours: '09:00–21:00' },
    ],
    prescriptions: [],
    practitioner: practitionerOf(),
    triageRules: triageRulesSeed(),
    history: [
      { id: 'enc_1', date: addDays(today, -30), kind: 'outpatient', departmentId: 'dep_cardio', doctorId: 'doc_li', diagnoses: [{ code: 'I10', name: '原发性高血压' }] },
    ],
  };
}

/** A small hospital's triage rules: cardiology for adults, paediatrics under 14, one red flag; fever leads to a department the HIS does not list. */
export function triageRulesSeed(): TriageRules {
  const t = (zh: string, tw: string, en: string) => ({ 'zh-CN': zh, 'zh-TW': tw, en });
  return {
    version: 1,
    children: { department: 'dep_peds', underAgeYears: 14 },
    departments: [{ id: 'dep_peds', maxAgeYears: 14 }],
    bodyAreas: [
      { id: 'chest', label: t('胸部', '胸部', 'Chest'), symptoms: ['chest_pain', 'palpitations'] },
      { id: 'whole_body', label: t('全身', '全身', 'Whole body'), symptoms: ['fever'] },
      { id: 'womens_health', label: t('月经与怀孕', '月經與懷孕', 'Periods and pregnancy'), symptoms: ['missed_period'] },
    ],
    symptoms: [
      { id: 'chest_pain', label: t('胸痛', '胸痛', 'Chest pain') },
      { id: 'palpitations', label: t('心慌', '心慌', 'Palpitations') },
      { id: 'fever', label: t('发热', '發熱', 'Fever') },
      { id: 'missed_period', label: t('月经推迟', '月經推遲', 'Late period'), sex: 'female', minAgeYears: 12, maxAgeYears: 55 },
    ],
    questions: [{ id: 'q_sweat', askWhen: ['chest_pain'], label: t('出冷汗吗？', '出冷汗嗎？', 'Are you sweating?') }],
    redFlags: [{ id: 'heart_attack', when: { anySymptoms: ['chest_pain'], anyYes: ['q_sweat'] }, advice: t('可能是心梗，请拨打 120。', '可能是心肌梗塞，請撥打 120。', 'This can be a heart attack: call 120.') }],
    routes: [
      { when: { anySymptoms: ['chest_pain'] }, department: 'dep_cardio', score: 4, reason: t('胸痛先查心脏。', '胸痛先查心臟。', 'Chest pain is checked for the heart first.') },
      { when: { anySymptoms: ['palpitations'] }, department: 'dep_cardio', score: 5, reason: t('心慌由心内科诊治。', '心慌由心內科診治。', 'Palpitations are seen by cardiology.') },
      { when: { anySymptoms: ['fever'] }, department: 'dep_resp', score: 3, reason: t('发热看呼吸科。', '發熱看呼吸科。', 'Fever goes to respiratory medicine.') },
    ],
  };
}

function drugsSeed(): Drug[] {
  const base = { form: 'tablet', route: 'oral', packUnit: 'box', control: 'none', doseUnit: 'mg', stock: 50 } as const;
  return [
    { ...base, id: 'drug_aml', name: '氨氯地平片', nameEn: 'Amlodipine tablets', strength: '5 mg', packSize: 28, price: cny(2850), unitDose: 5, adultDose: { min: 2.5, max: 10, maxDaily: 10 }, classes: ['ccb'], ingredient: 'amlodipine' },
    { ...base, id: 'drug_amox', name: '阿莫西林胶囊', nameEn: 'Amoxicillin capsules', strength: '250 mg', form: 'capsule', packSize: 24, price: cny(1500), unitDose: 250, adultDose: { min: 250, max: 1000, maxDaily: 4000 }, allergyGroups: ['penicillin'], ingredient: 'amoxicillin' },
    { ...base, id: 'drug_simva', name: '辛伐他汀片', nameEn: 'Simvastatin tablets', strength: '20 mg', packSize: 14, price: cny(1980), unitDose: 20, adultDose: { min: 10, max: 40, maxDaily: 40 }, classes: ['statin'], ingredient: 'simvastatin' },
    { ...base, id: 'drug_clari', name: '克拉霉素片', nameEn: 'Clarithromycin tablets', strength: '250 mg', packSize: 12, price: cny(2400), unitDose: 250, adultDose: { min: 250, max: 500, maxDaily: 1000 }, classes: ['macrolide'], ingredient: 'clarithromycin' },
    { ...base, id: 'drug_diaz', name: '地西泮片', nameEn: 'Diazepam tablets', strength: '2.5 mg', packSize: 20, price: cny(300), unitDose: 2.5, control: 'psychotropic_2', ingredient: 'diazepam' },
  ];
}

/** A prescription as the gateway answers it; `over` sets the fields a test cares about. */
export function prescriptionOf(over: Partial<Prescription> = {}): Prescription {
  const issuedAt = new Date(Date.now() - 30 * 60_000).toISOString();
  return {
    id: 'rx_1', number: '20261124-0017', consultId: 'con_1', version: 1, status: 'pending_review', patient: { id: 'pat_self', name: '张伟', gender: 'male', age: 40, weightKg: 70 },
    doctorId: 'doc_li', doctorName: '李敏', doctorLicenceNumber: '110330120260037', departmentId: 'dep_cardio', diagnosis: { code: 'I10', name: '原发性高血压' },
    items: [
      { drugId: 'drug_aml', name: '氨氯地平片', nameEn: 'Amlodipine tablets', strength: '5 mg', form: 'tablet', route: 'oral', dose: 5, doseUnit: 'mg', frequency: 'qd', days: 7, quantity: 1, packUnit: 'box', unitPrice: cny(2850), amount: cny(2850), note: '早饭后' },
    ],
    urgent: false, chronic: false, validDays: 1, issuedAt, validUntil: new Date(Date.now() + 20 * 3600_000).toISOString(), total: cny(2850),
    signature: { algorithm: 'ECDSA-P256-SHA256', signedAt: issuedAt, signer: '李敏', value: 'MEUCIQDx3xv0c2lnbmF0dXJl', valid: true, certificateSerial: '01a3f29c0d4e5b6a7c8d9e0f1a2b3c4d', issuer: 'ihkit Local Signing CA' },
    verificationCode: 'K7QM-4TXP-9WRD',
    findings: [], allergies: [{ group: 'penicillin', name: '青霉素', nameEn: 'Penicillin', reaction: '皮疹', reactionEn: 'Rash' }], ...over,
  };
}

/** A pharmacist's queue: 李雷's new prescription, 张伟's waiting 75 minutes with a warning, and one already approved. */
/** An instant `min` minutes ago. */
export const minutesAgo = (min: number) => new Date(Date.now() - min * 60_000).toISOString();

export function reviewQueueOf(): Prescription[] {
  const ago = minutesAgo;
  return [
    prescriptionOf({ id: 'rx_new', issuedAt: ago(5), patient: { id: 'pat_x', name: '李雷', gender: 'male', age: 30 } }),
    prescriptionOf({ id: 'rx_old', issuedAt: ago(75), findings: [{ code: 'INTERACTION', level: 'warning', items: [0], note: '可能增加低血压风险', noteEn: 'May increase the risk of low blood pressure' }] }),
    prescriptionOf({ id: 'rx_done', status: 'approved' }),
  ];
}

/** A consult as the gateway answers it; `over` sets the fields a test cares about. */
export function consultOf(over: Partial<Consult> = {}): Consult {
  return {
    id: 'con_1', status: 'paid', patient: { id: 'pat_self', name: '张伟', gender: 'male', age: 40 }, doctorId: 'doc_li', departmentId: 'dep_cardio',
    condition: { encounterId: 'enc_1', code: 'I10', name: '原发性高血压', date: addDays(today, -30) }, complaint: '血压控制得不太好', fee: cny(2000),
    createdAt: new Date(Date.now() - 20 * 60_000).toISOString(), paidAt: new Date(Date.now() - 15 * 60_000).toISOString(),
    acceptBy: new Date(Date.now() + 60 * 60_000).toISOString(), lastSeq: 0, readSeq: { patient: 0, doctor: 0 }, ...over,
  };
}

/** A message of a consult. */
export function messageOf(consultId: string, seq: number, over: Partial<ConsultMessage> = {}): ConsultMessage {
  return { id: `msg_${consultId}_${seq}`, consultId, seq, kind: 'text', sender: 'doctor', text: `message ${seq}`, createdAt: new Date().toISOString(), ...over };
}

export interface Recorded {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Headers;
  body?: unknown;
}

/** The mock gateway: `db` is mutable, `calls` records every request. */
export class MockApi {
  db: Db = seed();
  calls: Recorded[] = [];
  /** Who is signed in, for the sender of messages. */
  role: 'patient' | 'doctor' = 'patient';
  readonly worker = setupWorker(...this.handlers());

  async start(): Promise<void> {
    // Every request to the API is recorded, whichever handler answers it.
    this.worker.events.on('request:start', ({ request }) => {
      const url = new URL(request.url);
      if (!url.pathname.startsWith('/api/')) return;
      const call: Recorded = { method: request.method, path: url.pathname, query: url.searchParams, headers: request.headers };
      if (request.method === 'POST') void request.clone().json().then((b) => (call.body = b), () => undefined);
      this.calls.push(call);
    });
    await this.worker.start({ quiet: true, onUnhandledRequest: 'bypass' });
  }

  /** Back to the seed data and the default handlers. */
  reset(): void {
    this.db = seed();
    this.calls = [];
    this.role = 'patient';
    this.worker.resetHandlers();
  }

  /** Handlers for this test only (they run before the defaults). */
  use(...handlers: HttpHandler[]): void {
    this.worker.use(...handlers);
  }

  /**
   * A payment order with the chosen method, as the gateway answers it: the pending order again
   * for the same method, a new one (the old one closed) for another; a method the hospital
   * does not take is refused.
   */
  #order(o: Pick<Payment, 'id' | 'consultId' | 'prescriptionId' | 'appointmentId' | 'amount'>, choice: { provider?: string; channel?: PaymentMethod['channel']; openId?: string }): Payment | Response {
    const method = choice.provider ? this.db.paymentMethods.find((m) => m.provider === choice.provider && (!choice.channel || m.channel === choice.channel)) : this.db.paymentMethods[0];
    if (!method) return problem(400, 'VALIDATION_FAILED');
    const checkout =
      method.channel === 'h5' ? { checkoutUrl: `https://wx.tenpay.com/cgi-bin/mmpayweb-bin/checkmweb?prepay_id=wx_${o.id}` }
      : method.channel === 'wap' ? { checkoutUrl: `https://openapi.alipay.com/gateway.do?out_trade_no=${o.id}` }
      : method.channel === 'jsapi' ? { jsapi: { appId: 'wx_app', timeStamp: '1700000000', nonceStr: 'n', package: `prepay_id=wx_${o.id}`, signType: 'RSA' as const, paySign: 'sig' } }
      : {};
    for (const p of this.db.payments) if (p.status === 'pending' && (p.prescriptionId ?? '') === (o.prescriptionId ?? '') && p.consultId === o.consultId && p.appointmentId === o.appointmentId) p.status = 'closed';
    const earlier = this.db.payments.filter((p) => p.id === o.id || p.id.startsWith(`${o.id}_`)).length;
    const payment: Payment = { ...o, id: earlier ? `${o.id}_${earlier}` : o.id, status: 'pending', provider: method.provider, channel: method.channel, ...checkout };
    this.db.payments.push(payment);
    return payment;
  }

  callsTo(method: string, path: string): Recorded[] {
    return this.calls.filter((c) => c.method === method && c.path === path);
  }

  private handlers(): HttpHandler[] {
    const authed = (request: Request) => request.headers.get('Authorization') === `Bearer ${TOKEN}`;
    // The public schedule answers anyone, as the gateway's does.
    const anyone = (request: Request) => request.method === 'GET' && (['/api/departments', '/api/doctors', '/api/slots'].includes(new URL(request.url).pathname) || new URL(request.url).pathname.startsWith('/api/articles'));
    return [
      http.all('/api/*', ({ request }) => {
        if (!authed(request) && !anyone(request)) return problem(401, 'UNAUTHENTICATED');
        return undefined; // fall through to the route
      }),
      http.get('/api/departments', () => HttpResponse.json({ items: this.db.departments })),
      http.get('/api/articles', ({ request }) => {
        const condition = new URL(request.url).searchParams.get('condition');
        return HttpResponse.json({ items: this.db.articles.filter((a) => !condition || a.conditions.includes(condition)).map(summaryOf) });
      }),
      http.get('/api/articles/:id', ({ params }) => {
        const found = this.db.articles.find((a) => a.id === params.id);
        return found ? HttpResponse.json(found) : problem(404, 'NOT_FOUND');
      }),
      http.get('/api/care/plans/:id/articles', () => HttpResponse.json({ items: this.db.planArticles })),
      http.put('/api/care/plans/:id/articles', async ({ request }) => {
        const { articleIds } = (await request.json()) as { articleIds: string[] };
        const had = new Map(this.db.planArticles.map((a) => [a.article.id, a]));
        this.db.planArticles = articleIds.map((id) => had.get(id) ?? { article: summaryOf(this.db.articles.find((a) => a.id === id)!), assignedAt: new Date().toISOString() });
        return HttpResponse.json({ items: this.db.planArticles });
      }),
      http.post('/api/care/plans/:id/articles/:articleId/read', async ({ params, request }) => {
        const { version } = (await request.json()) as { version: number };
        const readAt = new Date().toISOString();
        this.db.planArticles = this.db.planArticles.map((a) => (a.article.id === params.articleId ? { ...a, readVersion: version, readAt } : a));
        return HttpResponse.json({ version, readAt });
      }),
      http.get('/api/me/practitioner', () => HttpResponse.json(this.db.practitioner)),
      http.get('/api/triage/rules', () => HttpResponse.json(this.db.triageRules)),
      // A doctor's critical-value alerts: none unless a test says otherwise.
      http.get('/api/critical-alerts', () => HttpResponse.json({ items: [] })),
      http.get('/api/doctors', ({ request }) => {
        const dep = new URL(request.url).searchParams.get('departmentId');
        return HttpResponse.json({ items: this.db.doctors.filter((d) => !dep || d.departmentId === dep) });
      }),
      http.get('/api/slots', ({ request }) => {
        const q = new URL(request.url).searchParams;
        const from = q.get('from')!;
        const to = q.get('to')!;
        const items = this.db.slots.filter((s) => {
          const d = localDate(new Date(s.start), 'Asia/Shanghai');
          return (!q.get('doctorId') || s.doctorId === q.get('doctorId')) && d >= from && d <= to;
        });
        return HttpResponse.json({ items });
      }),
      http.get('/api/patients', () => HttpResponse.json({ items: this.db.patients })),
      http.get('/api/my-referrals', () => HttpResponse.json({ items: this.db.referrals })),
      http.get('/api/appointments', () => HttpResponse.json({ items: this.db.appointments })),
      http.post('/api/appointments', async ({ request }) => {
        const key = request.headers.get('Idempotency-Key');
        if (!key) return problem(400, 'VALIDATION_FAILED');
        const { slotId, patientId } = (await request.json()) as { slotId: string; patientId: string };
        const existing = this.db.appointments.find((a) => a.id === `apt_${key}`);
        if (existing) return HttpResponse.json(existing, { status: 201 });
        const slot = this.db.slots.find((s) => s.id === slotId);
        if (!slot) return problem(404, 'SLOT_NOT_FOUND');
        if (slot.available === 0) return problem(409, 'SLOT_TAKEN');
        slot.available--;
        const appointment: Appointment = {
          id: `apt_${key}`, patientId, slotId, doctorId: slot.doctorId, departmentId: slot.departmentId, start: slot.start, end: slot.end,
          status: 'booked', fee: slot.fee, createdAt: new Date().toISOString(), number: `GH${slot.start.slice(0, 10).replaceAll('-', '')}-${String(this.db.appointments.length + 1).padStart(4, '0')}`,
          ...(this.db.holdMinutes && slot.fee.amount ? { registration: { status: 'held', amount: slot.fee, holdUntil: new Date(Date.now() + this.db.holdMinutes * 60_000).toISOString() } } : {}),
        };
        this.db.appointments.push(appointment);
        return HttpResponse.json(appointment, { status: 201 });
      }),
      ...this.registrationHandlers(),
      ...this.consultHandlers(),
      ...this.prescriptionHandlers(),
      ...this.familyHandlers(),
      http.post('/api/appointments/:id/cancel', ({ params }) => {
        const a = this.db.appointments.find((x) => x.id === params.id);
        if (!a) return problem(404, 'NOT_FOUND');
        a.status = 'cancelled';
        a.cancelledAt = new Date().toISOString();
        const reg = a.registration;
        if (reg?.status === 'paid') {
          // As the gateway: all of it before the cut-off, the late share after; the provider has yet to give it back.
          const back = Date.now() < Date.parse(reg.fullRefundUntil!) ? reg.amount : reg.lateRefund!;
          a.registration = { status: 'cancelled', amount: reg.amount, ...(back.amount ? { refunded: back, refundStatus: 'pending' as const } : {}) };
        } else if (reg?.status === 'held') a.registration = { status: 'cancelled', amount: reg.amount };
        return HttpResponse.json(a);
      }),
    ];
  }

  /**
   * Registration fees and rescheduling, as the gateway answers them: paying a held place (refused
   * once its hold is over), the sandbox confirming it, moving an appointment to another slot of
   * its doctor (once; a cheaper one's difference refunded; a dearer one's, the fee paid online,
   * waits for its difference: paid in the sandbox, it moves, or — the slot full by then — stays
   * with the difference refunded).
   */
  /** Moves an appointment to `slot`: its place taken, the old one freed. */
  #move(a: Appointment, slot: Slot): void {
    slot.available--;
    const old = this.db.slots.find((s) => s.id === a.slotId);
    if (old) old.available++;
    Object.assign(a, { slotId: slot.id, doctorId: slot.doctorId, start: slot.start, end: slot.end, fee: slot.fee, rescheduled: (a.rescheduled ?? 0) + 1 });
  }

  private registrationHandlers(): HttpHandler[] {
    const find = (id: unknown) => this.db.appointments.find((a) => a.id === id);
    return [
      http.get('/api/appointments/:id', ({ params }) => (find(params.id) ? HttpResponse.json(find(params.id)) : problem(404, 'NOT_FOUND'))),
      http.post('/api/appointments/:id/payment', async ({ params, request }) => {
        const a = find(params.id);
        if (!a) return problem(404, 'NOT_FOUND');
        const reg = a.registration;
        const move = a.pendingMove?.status === 'awaiting_payment' ? a.pendingMove : undefined;
        if (!move && (reg?.status !== 'held' || Date.parse(reg.holdUntil!) <= Date.now())) return problem(409, 'INVALID_STATE');
        const text = await request.text();
        const subject = move ? { id: `pay_mv_${a.id}`, appointmentId: a.id, amount: move.difference } : { id: `pay_${a.id}`, appointmentId: a.id, amount: reg!.amount };
        const payment = this.#order(subject, (text ? JSON.parse(text) : {}) as { provider?: string });
        return payment instanceof Response ? payment : HttpResponse.json(payment);
      }),
      http.post('/api/payments/:id/sandbox-pay', ({ params }) => {
        const p = this.db.payments.find((x) => x.id === params.id);
        const a = p?.appointmentId ? find(p.appointmentId) : undefined;
        if (!p || !a?.registration) return undefined; // a consult's or a prescription's
        p.status = 'paid';
        p.paidAt = new Date().toISOString();
        if (a.pendingMove && p.id === `pay_mv_${a.id}`) {
          const slot = this.db.slots.find((s) => s.id === a.pendingMove!.toSlotId)!;
          if (slot.available === 0) {
            a.pendingMove = { ...a.pendingMove, status: 'failed', failure: 'slot_taken', paymentId: p.id, refundStatus: 'pending' };
            return HttpResponse.json(p);
          }
          this.#move(a, slot);
          a.registration = { ...a.registration, amount: slot.fee };
          delete a.pendingMove;
          return HttpResponse.json(p);
        }
        const { amount } = a.registration;
        a.registration = {
          status: 'paid', amount, paymentId: p.id,
          fullRefundUntil: new Date(Date.parse(a.start) - 24 * 3600_000).toISOString(), lateRefund: { ...amount, amount: Math.floor(amount.amount / 2) },
        };
        return HttpResponse.json(p);
      }),
      http.post('/api/appointments/:id/reschedule', async ({ params, request }) => {
        const a = find(params.id);
        if (!a) return problem(404, 'NOT_FOUND');
        const { slotId } = (await request.json()) as { slotId: string };
        const slot = this.db.slots.find((s) => s.id === slotId);
        if (!slot) return problem(404, 'SLOT_NOT_FOUND');
        if (slot.available === 0) return problem(409, 'SLOT_TAKEN');
        const diff = slot.fee.amount - a.fee.amount;
        if (slot.departmentId !== a.departmentId || (a.rescheduled ?? 0) >= 1) return problem(422, 'RESCHEDULE_NOT_ALLOWED');
        if (diff !== 0 && a.registration?.status === 'held') return problem(409, 'INVALID_STATE');
        if (diff > 0 && a.registration?.status === 'paid') {
          const payUntil = new Date(Date.now() + 15 * 60_000).toISOString();
          a.pendingMove = { status: 'awaiting_payment', toSlotId: slotId, toStart: slot.start, difference: { ...slot.fee, amount: diff }, payUntil };
          return HttpResponse.json(a, { status: 202 });
        }
        this.#move(a, slot);
        if (diff < 0 && a.registration) a.registration = { ...a.registration, amount: slot.fee, refunded: { ...slot.fee, amount: -diff }, refundStatus: 'pending' };
        return HttpResponse.json(a);
      }),
    ];
  }
  /**
   * Family links: adding a member from the hospital's records (pending, a code to their phone
   * on file; a child waits for staff), sending and confirming the code (FAMILY_CODE), agreeing
   * to and ending links to the user.
   */
  private familyHandlers(): HttpHandler[] {
    const member = (id: unknown) => this.db.patients.find((p) => p.linkId === id && p.relation !== 'self');
    const codeState = () => ({ codeSentAt: new Date().toISOString(), codeExpiresAt: new Date(Date.now() + 10 * 60_000).toISOString(), resendAfter: new Date(Date.now() + 60_000).toISOString() });
    return [
      http.post('/api/patients', async ({ request }) => {
        const body = (await request.json()) as { name: string; idNumber: string; relation: FamilyRelation };
        if (!isValidResidentId(body.idNumber)) return problem(422, 'INVALID_RESIDENT_ID');
        const r = this.db.hospital.find((h) => h.idNumber === body.idNumber.toUpperCase() && h.name === body.name.trim());
        if (!r) return problem(404, 'PATIENT_NOT_FOUND');
        if (this.db.patients.some((p) => p.id === r.id)) return problem(409, 'PATIENT_ALREADY_LINKED');
        if (r.minor && body.relation !== 'child') return problem(422, 'GUARDIAN_REQUIRED');
        const patient: Patient = {
          id: r.id, name: r.name, relation: body.relation, gender: r.gender, birthDate: r.birthDate, idNumberMasked: maskResidentId(r.idNumber), minor: r.minor,
          linkId: `fl_${r.id}`, status: 'pending',
          pending: r.minor ? { waitingFor: ['in_person'] } : r.phoneMasked ? { waitingFor: ['code'], phoneMasked: r.phoneMasked, ...codeState() } : { waitingFor: [] },
        };
        this.db.patients.push(patient);
        return HttpResponse.json(patient, { status: 201 });
      }),
      http.get('/api/family-links', () => HttpResponse.json({ items: this.db.familyLinks })),
      http.post('/api/family-links/:id/code', ({ params }) => {
        const p = member(params.id);
        if (!p) return problem(404, 'NOT_FOUND');
        if (p.status !== 'pending' || !p.pending?.waitingFor.includes('code')) return problem(409, 'INVALID_STATE');
        p.pending = { ...p.pending, ...codeState() };
        return HttpResponse.json(p);
      }),
      http.post('/api/family-links/:id/confirm', async ({ params, request }) => {
        const p = member(params.id);
        if (!p) return problem(404, 'NOT_FOUND');
        const { code } = (await request.json()) as { code: string };
        if (normalizeConsentCode(code) !== FAMILY_CODE) return problem(422, 'CONSENT_CODE_INVALID');
        p.status = 'active';
        p.since = new Date().toISOString();
        delete p.pending;
        return HttpResponse.json(p);
      }),
      http.post('/api/family-links/:id/approve', ({ params }) => {
        const l = this.db.familyLinks.find((x) => x.id === params.id);
        if (!l) return problem(404, 'NOT_FOUND');
        Object.assign(l, { status: 'active', since: new Date().toISOString(), proof: 'account' });
        return HttpResponse.json(l);
      }),
      http.post('/api/family-links/:id/end', ({ params }) => {
        const l = this.db.familyLinks.find((x) => x.id === params.id);
        const p = member(params.id);
        if (!l && !p) return problem(404, 'NOT_FOUND');
        if (p) this.db.patients = this.db.patients.filter((x) => x !== p);
        if (l) this.db.familyLinks = this.db.familyLinks.filter((x) => x !== l);
        const ended = l ?? { id: p!.linkId, relation: p!.relation as FamilyRelation, holderName: '张伟', requestedAt: new Date().toISOString() };
        return HttpResponse.json({ ...ended, status: 'ended', endedAt: new Date().toISOString() });
      }),
    ];
  }

  /** The online clinic's routes (a small state machine mirroring consult-state.ts). */
  private consultHandlers(): HttpHandler[] {
    const find = (id: unknown) => this.db.consults.find((c) => c.id === id);
    const messagesOf = (id: string) => (this.db.messages[id] ??= []);
    const push = (c: Consult, m: Omit<ConsultMessage, 'id' | 'consultId' | 'seq' | 'createdAt'>): ConsultMessage => {
      const list = messagesOf(c.id);
      const message = messageOf(c.id, list.length + 1, m);
      list.push(message);
      c.lastSeq = message.seq;
      return message;
    };
    const move = (c: Consult, status: Consult['status']) => {
      c.status = status;
      push(c, { kind: 'event', sender: 'system', event: status });
    };
    return [
      http.get('/api/patients/:id/conditions', ({ params }) => HttpResponse.json({ items: this.db.conditions[params.id as string] ?? [] })),
      http.get('/api/consults', ({ request }) => {
        const status = new URL(request.url).searchParams.get('status')?.split(',');
        return HttpResponse.json({ items: this.db.consults.filter((c) => !status || status.includes(c.status)) });
      }),
      http.post('/api/consults', async ({ request }) => {
        const body = (await request.json()) as { patientId: string; doctorId: string; encounterId: string; conditionCode: string; complaint: string };
        const condition = (this.db.conditions[body.patientId] ?? []).find((c) => c.encounterId === body.encounterId && c.code === body.conditionCode);
        if (!condition) return problem(422, 'FIRST_VISIT_NOT_ALLOWED');
        const patient = this.db.patients.find((p) => p.id === body.patientId)!;
        const consult = consultOf({
          id: `con_${this.db.consults.length + 1}`, status: 'requested', patient: { id: patient.id, name: patient.name, gender: patient.gender, age: 40 },
          doctorId: body.doctorId, departmentId: condition.departmentId, condition, complaint: body.complaint, paidAt: undefined, acceptBy: undefined,
          createdAt: new Date().toISOString(),
        });
        this.db.consults.push(consult);
        return HttpResponse.json(consult, { status: 201 });
      }),
      http.get('/api/consults/:id', ({ params }) => (find(params.id) ? HttpResponse.json(find(params.id)) : problem(404, 'NOT_FOUND'))),
      http.get('/api/consults/:id/history', () => HttpResponse.json({ items: this.db.history })),
      http.get('/api/payment-methods', () => HttpResponse.json({ items: this.db.paymentMethods })),
      http.post('/api/consults/:id/payment', async ({ params, request }) => {
        const c = find(params.id);
        if (!c) return problem(404, 'NOT_FOUND');
        if (c.status !== 'requested') return problem(409, 'INVALID_STATE');
        const text = await request.text();
        const choice = (text ? JSON.parse(text) : {}) as { provider?: string; channel?: PaymentMethod['channel']; openId?: string };
        const payment = this.#order({ id: `pay_${c.id}`, consultId: c.id, amount: c.fee }, choice);
        if (payment instanceof Response) return payment;
        return HttpResponse.json(payment);
      }),
      http.post('/api/payments/:id/sandbox-pay', ({ params }) => {
        const p = this.db.payments.find((x) => x.id === params.id);
        const rx = p?.prescriptionId ? this.db.prescriptions.find((x) => x.id === p.prescriptionId) : undefined;
        if (p && rx) {
          p.status = 'paid';
          p.paidAt = new Date().toISOString();
          rx.status = 'paid';
          rx.payment = p;
          rx.fulfilment = { ...rx.fulfilment!, status: 'preparing', updatedAt: p.paidAt };
          return HttpResponse.json(p);
        }
        const c = p && find(p.consultId);
        if (!p || !c) return problem(404, 'NOT_FOUND');
        p.status = 'paid';
        c.paidAt = new Date().toISOString();
        c.acceptBy = new Date(Date.now() + 2 * 3600_000).toISOString();
        move(c, 'paid');
        return HttpResponse.json(p);
      }),
      http.post('/api/consults/:id/cancel', ({ params }) => {
        const c = find(params.id);
        if (!c) return problem(404, 'NOT_FOUND');
        move(c, c.status === 'paid' ? 'refunded' : 'cancelled');
        return HttpResponse.json(c);
      }),
      http.post('/api/consults/:id/accept', ({ params }) => {
        const c = find(params.id);
        if (!c) return problem(404, 'NOT_FOUND');
        if (c.status !== 'paid') return problem(409, 'INVALID_STATE');
        c.acceptedAt = new Date().toISOString();
        move(c, 'accepted');
        return HttpResponse.json(c);
      }),
      http.post('/api/consults/:id/complete', async ({ params, request }) => {
        const c = find(params.id);
        if (!c) return problem(404, 'NOT_FOUND');
        if (c.status !== 'in_progress') return problem(409, 'INVALID_STATE');
        const r = (await request.json()) as { complaint: string; diagnosis: string; advice: string };
        c.record = { ...r, writtenAt: new Date().toISOString() };
        move(c, 'completed');
        return HttpResponse.json(c);
      }),
      http.post('/api/consults/:id/refer', async ({ params, request }) => {
        const c = find(params.id);
        if (!c) return problem(404, 'NOT_FOUND');
        const { reason } = (await request.json()) as { reason: string };
        if (!reason) return problem(400, 'VALIDATION_FAILED');
        c.referralReason = reason;
        move(c, c.status === 'paid' ? 'refunded' : 'referred');
        return HttpResponse.json(c);
      }),
      http.get('/api/consults/:id/messages', ({ params, request }) => {
        const after = Number(new URL(request.url).searchParams.get('after') ?? 0);
        const list = messagesOf(params.id as string);
        return HttpResponse.json({ items: list.filter((m) => m.seq > after), lastSeq: list.length });
      }),
      http.post('/api/consults/:id/messages', async ({ params, request }) => {
        const c = find(params.id);
        if (!c) return problem(404, 'NOT_FOUND');
        if (c.status !== 'accepted' && c.status !== 'in_progress') return problem(409, 'INVALID_STATE');
        const body = (await request.json()) as { text?: string; attachmentId?: string };
        const sender = this.role;
        const m = body.attachmentId
          ? push(c, { kind: 'image', sender, attachment: { id: body.attachmentId, contentType: 'image/png', size: PNG_1x1.length } })
          : push(c, { kind: 'text', sender, text: body.text });
        if (sender === 'doctor' && c.status === 'accepted') move(c, 'in_progress');
        return HttpResponse.json(m, { status: 201 });
      }),
      http.post('/api/consults/:id/attachments', () => HttpResponse.json({ id: 'att_1', contentType: 'image/png', size: PNG_1x1.length }, { status: 201 })),
      http.get('/api/consults/:id/attachments/:aid', () => new HttpResponse(PNG_1x1, { headers: { 'Content-Type': 'image/png' } })),
      http.post('/api/consults/:id/read', ({ params }) => (find(params.id) ? HttpResponse.json(find(params.id)) : problem(404, 'NOT_FOUND'))),
    ];
  }
  /** The e-prescription routes: the checks are core's own rules on the seeded catalog. */
  private prescriptionHandlers(): HttpHandler[] {
    const find = (id: unknown) => this.db.prescriptions.find((p) => p.id === id);
    const keys = new Map<string, string>();
    const run = (consult: Consult, draft: PrescriptionDraft, except?: string) => {
      const drugs = new Map(this.db.drugs.map((d) => [d.id, d]));
      const allergies = this.db.allergies[consult.patient.id] ?? [];
      // As the gateway: the limits hold per consult, across its prescriptions not cancelled or expired.
      const consultItems = this.db.prescriptions.filter((p) => p.consultId === consult.id && p.id !== except && !['cancelled', 'expired'].includes(p.status)).flatMap((p) => p.items);
      const findings = checkPrescription(draft, { drugs, ageYears: consult.patient.age, allergies, interactions: this.db.interactions, consultItems });
      return { findings, ...priceItems(draft, drugs), allergies };
    };
    /** Signs a draft as the gateway does; the gateway's number is the day's and its sequence, kept through revisions. */
    const sign = (consult: Consult, draft: PrescriptionDraft, id: string, version: number, number = `${today.replaceAll('-', '')}-${String(this.db.prescriptions.length + 1).padStart(4, '0')}`): Prescription | HttpResponse<Problem> => {
      const check = run(consult, draft, id);
      if (check.findings.some((f) => f.level === 'error')) {
        return HttpResponse.json({ type: 'about:blank', title: 'PRESCRIPTION_CHECK_FAILED', status: 422, code: 'PRESCRIPTION_CHECK_FAILED', findings: check.findings } as Problem, {
          status: 422, headers: { 'Content-Type': 'application/problem+json' },
        });
      }
      const now = new Date().toISOString();
      return prescriptionOf({
        id, number, consultId: consult.id, version, status: 'pending_review', patient: { ...consult.patient, ...(draft.weightKg ? { weightKg: draft.weightKg } : {}) },
        guardianPresent: draft.guardianPresent, doctorId: consult.doctorId, diagnosis: { code: consult.condition.code, name: consult.condition.name },
        items: check.items, total: check.total, urgent: !!draft.urgent, chronic: !!draft.chronic, longSupplyReason: draft.longSupplyReason, validDays: draft.validDays ?? 1,
        issuedAt: now, validUntil: new Date(Date.now() + (draft.validDays ?? 1) * 86_400_000).toISOString(),
        signature: { algorithm: 'ECDSA-P256-SHA256', signedAt: now, signer: '李敏', value: btoa(`${id}/${version}/${now}`), valid: true, certificateSerial: '01a3f29c0d4e5b6a7c8d9e0f1a2b3c4d', issuer: 'ihkit Local Signing CA' },
        findings: check.findings, allergies: check.allergies,
      });
    };
    return [
      http.post('/api/drug-search', async ({ request }) => {
        const q = (((await request.json()) as { q?: string }).q ?? '').toLowerCase();
        return HttpResponse.json({ items: this.db.drugs.filter((d) => [d.name, d.nameEn ?? '', d.ingredient ?? ''].some((n) => n.toLowerCase().includes(q))) });
      }),
      http.get('/api/pickup-points', () => HttpResponse.json({ items: this.db.pickupPoints })),
      http.get('/api/consults/:id/prescribing', ({ params }) => {
        const c = this.db.consults.find((x) => x.id === params.id);
        if (!c) return problem(404, 'NOT_FOUND');
        const rules = { ...DEFAULT_PRESCRIPTION_RULES, childDoseAge: CHILD_DOSE_AGE, guardianPresenceAge: GUARDIAN_PRESENCE_AGE };
        return HttpResponse.json({ patient: { age: c.patient.age, gender: c.patient.gender }, allergies: this.db.allergies[c.patient.id] ?? [], rules });
      }),
      http.post('/api/consults/:id/prescription-check', async ({ params, request }) => {
        const c = this.db.consults.find((x) => x.id === params.id);
        if (!c) return problem(404, 'NOT_FOUND');
        return HttpResponse.json(run(c, (await request.json()) as PrescriptionDraft, new URL(request.url).searchParams.get('revises') ?? undefined));
      }),
      http.post('/api/consults/:id/prescriptions', async ({ params, request }) => {
        const c = this.db.consults.find((x) => x.id === params.id);
        if (!c) return problem(404, 'NOT_FOUND');
        const key = request.headers.get('Idempotency-Key');
        if (!key) return problem(400, 'VALIDATION_FAILED');
        if (keys.has(key)) return HttpResponse.json(find(keys.get(key)), { status: 201 });
        const signed = sign(c, (await request.json()) as PrescriptionDraft, `rx_${this.db.prescriptions.length + 1}`, 1);
        if (signed instanceof Response) return signed;
        keys.set(key, signed.id);
        this.db.prescriptions.push(signed);
        return HttpResponse.json(signed, { status: 201 });
      }),
      http.get('/api/prescriptions', ({ request }) => {
        const q = new URL(request.url).searchParams;
        const status = q.get('status')?.split(',');
        const consultId = q.get('consultId');
        const items = this.db.prescriptions.filter((p) => (!status || status.includes(p.status)) && (!consultId || p.consultId === consultId));
        const queue = q.get('status') === 'pending_review';
        items.sort((a, b) => (queue ? 1 : -1) * a.issuedAt.localeCompare(b.issuedAt));
        return HttpResponse.json({ items });
      }),
      http.get('/api/prescriptions/:id', ({ params }) => (find(params.id) ? HttpResponse.json(find(params.id)) : problem(404, 'NOT_FOUND'))),
      http.post('/api/prescriptions/:id/revise', async ({ params, request }) => {
        const p = find(params.id);
        const c = p && this.db.consults.find((x) => x.id === p.consultId);
        if (!p || !c) return problem(404, 'NOT_FOUND');
        if (p.status !== 'returned') return problem(409, 'INVALID_STATE');
        const signed = sign(c, (await request.json()) as PrescriptionDraft, p.id, p.version + 1, p.number);
        if (signed instanceof Response) return signed;
        Object.assign(p, signed, { review: undefined });
        return HttpResponse.json(p);
      }),
      http.post('/api/prescriptions/:id/approve', async ({ params, request }) => {
        const p = find(params.id);
        if (!p) return problem(404, 'NOT_FOUND');
        if (p.status !== 'pending_review') return problem(409, 'INVALID_STATE');
        const { note } = (await request.json()) as { note?: string };
        p.status = 'approved';
        const at = new Date().toISOString();
        p.review = {
          decision: 'approved', pharmacistName: '孙丽', pharmacistLicenceNumber: 'ZY33010120190158', at, ...(note ? { note } : {}),
          signature: { algorithm: 'ECDSA-P256-SHA256', signedAt: at, signer: '孙丽', value: btoa(`review/${p.id}/${at}`), valid: true, certificateSerial: '01f0e1d2c3b4a5968778695a4b3c2d1e', issuer: 'ihkit Local Signing CA' },
        };
        return HttpResponse.json(p);
      }),
      http.post('/api/prescriptions/:id/return', async ({ params, request }) => {
        const p = find(params.id);
        if (!p) return problem(404, 'NOT_FOUND');
        const { reason } = (await request.json()) as { reason?: string };
        if (!reason) return problem(400, 'VALIDATION_FAILED');
        if (p.status !== 'pending_review') return problem(409, 'INVALID_STATE');
        p.status = 'returned';
        p.review = { decision: 'returned', pharmacistName: '孙丽', pharmacistLicenceNumber: 'ZY33010120190158', reason, at: new Date().toISOString() };
        return HttpResponse.json(p);
      }),
      http.post('/api/prescriptions/:id/payment', async ({ params, request }) => {
        const p = find(params.id);
        if (!p) return problem(404, 'NOT_FOUND');
        if (p.status === 'expired') return problem(409, 'PRESCRIPTION_EXPIRED');
        if (p.status !== 'approved') return problem(409, 'INVALID_STATE');
        const { fulfilment, ...choice } = (await request.json()) as { fulfilment: { method: 'delivery'; address: { region: string; detail: string } } | { method: 'pickup'; pickupPointId: string }; provider?: string; channel?: PaymentMethod['channel']; openId?: string };
        const now = new Date().toISOString();
        p.fulfilment =
          fulfilment.method === 'pickup'
            ? { method: 'pickup', status: 'waiting_payment', pickupPoint: this.db.pickupPoints.find((x) => x.id === fulfilment.pickupPointId), updatedAt: now }
            : { method: 'delivery', status: 'waiting_payment', addressMasked: `${fulfilment.address.region} ${fulfilment.address.detail.slice(0, 2)}***`, updatedAt: now };
        const payment = this.#order({ id: `pay_${p.id}`, consultId: p.consultId, prescriptionId: p.id, amount: p.total }, choice);
        if (payment instanceof Response) return payment;
        return HttpResponse.json(payment);
      }),
      http.post('/api/prescriptions/:id/cancel', ({ params }) => {
        const p = find(params.id);
        if (!p) return problem(404, 'NOT_FOUND');
        if (p.status !== 'approved' && p.status !== 'paid') return problem(409, 'INVALID_STATE');
        p.status = 'cancelled';
        p.cancelledAt = new Date().toISOString();
        if (p.fulfilment) p.fulfilment = { ...p.fulfilment, status: 'cancelled' };
        if (p.payment?.status === 'paid') p.payment = { ...p.payment, status: 'refunded' }; // as the gateway refunds a paid one
        return HttpResponse.json(p);
      }),
    ];
  }
}

export { http, HttpResponse, delay };


export const PNG_1x1 = Uint8Array.from(atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=='), (c) => c.charCodeAt(0));


/** Resolves when `fn` returns something truthy (polling each animation frame), or fails after `timeout`. */
export async function waitFor<T>(fn: () => T | null | undefined | false, message = 'condition', timeout = 4000): Promise<T> {
  const t0 = performance.now();
  for (;;) {
    const v = fn();
    if (v) return v;
    if (performance.now() - t0 > timeout) throw new Error(`Timed out waiting for ${message}`);
    await new Promise((r) => requestAnimationFrame(r));
  }
}

/** The deepest focused element, through shadow roots (null when nothing has focus). */
export const deepActive = (): Element | null => deepActiveElement() ?? null;
