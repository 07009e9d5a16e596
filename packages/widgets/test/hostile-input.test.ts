/**
 * Hostile input: the XSS corpus in every free-text field the gateway can hand a widget (names,
 * chat, records, drug notes, lab and imaging text (the radiologist's report too), alerts, video participants, pickup points,
 * a payment's checkout URL), rendered by every element through the states that show those
 * fields. Nothing may run, no element of the data may appear, and the text shows literally.
 * Every field is tagged ⟦field⟧, so the last test can tell which fields were really shown.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { CriticalAlert, ImagingStudy, LabObservation, LabReport, Payment, Prescription, VideoRoom } from '@ihkit/core';
import { MockApi, PNG_1x1, TOKEN, consultOf, messageOf, prescriptionOf, http, HttpResponse, waitFor } from './mock-api.js';
import { FakeVideoRealtime } from './fake-realtime.js';
import { XSS_HOOK, findInjected, shownText, xssAllInOne, xssCorpus } from './xss-corpus.js';
import '../src/provider/provider.js';
import '../src/booking/booking.js';
import '../src/appointments/appointments.js';
import '../src/clinic/clinic.js';
import '../src/doctor-desk/doctor-desk.js';
import '../src/pharmacist-review/pharmacist-review.js';
import '../src/prescription-editor/prescription-editor.js';
import '../src/prescriptions/prescriptions.js';
import '../src/reports/reports.js';
import '../src/video-consult/video-consult.js';
import type { IhProvider } from '../src/provider/provider.component.js';

const api = new MockApi();
const hits: string[] = [];
const dialogs = { alert: window.alert, confirm: window.confirm, prompt: window.prompt };
before(async () => {
  await api.start();
  (window as unknown as Record<string, unknown>)[XSS_HOOK] = (id: string) => hits.push(id);
  window.alert = window.confirm = window.prompt = ((m?: unknown) => void hits.push(`dialog: ${String(m)}`)) as never;
});
afterEach(() => api.reset());
after(() => {
  api.worker.stop();
  Object.assign(window, dialogs);
});

/** A variant of the corpus: what each field holds, and the locale it is shown in. */
interface Variant {
  name: string;
  locale: 'zh-CN' | 'en';
  text: (field: string) => string;
}
const tagged = (payload: (field: string) => string) => (field: string) => `${payload(field)} ⟦${field}⟧`;
const corpus = xssCorpus();
/** A stable number per field, so that a rotation gives each field its own payload. */
const fieldNumber = (field: string) => [...field].reduce((n, c) => (n * 31 + c.charCodeAt(0)) % 1_000_003, 7);
/**
 * The whole corpus in one line in every field (`javascript:` first), in both locales; then
 * rotations, in which each field holds one payload as its whole value (as a URL would be).
 */
const VARIANTS: Variant[] = [
  { name: 'the whole corpus in one line', locale: 'zh-CN', text: tagged(() => xssAllInOne()) },
  { name: 'the whole corpus in one line', locale: 'en', text: tagged(() => xssAllInOne()) },
  ...[0, 1, 2].map((r): Variant => ({ name: `one payload per field, rotation ${r}`, locale: r % 2 ? 'en' : 'zh-CN', text: tagged((field) => corpus[(fieldNumber(field) + r) % corpus.length]!.text) })),
];

/** Every field that was shown (by its tag), across elements and variants. */
const shownFields = new Set<string>();
/** Every field the hostile data holds. */
const allFields = new Set<string>();

const ago = (min: number) => new Date(Date.now() - min * 60_000).toISOString();
const shadow = (el: Element) => el.shadowRoot!;
const $ = <E extends HTMLElement = HTMLElement>(el: Element, sel: string) => shadow(el).querySelector<E>(sel);
const $$ = (el: Element, sel: string) => [...shadow(el).querySelectorAll<HTMLElement>(sel)];
const normal = (s: string) => s.replace(/\s+/g, ' ');

/**
 * The hostile gateway: every free-text field of the mock's data (and of the routes added here)
 * holds `v(field)`. Covers the consult, prescription, report, alert and video states the walks
 * below open.
 */
function hostileData(v: (field: string) => string) {
  const f = (field: string) => {
    allFields.add(field);
    return v(field);
  };
  const db = api.db;
  db.departments = db.departments.map((d, i) => ({ ...d, name: f(`department.name#${i}`), nameEn: f(`department.nameEn#${i}`), description: f(`department.description#${i}`), descriptionEn: f(`department.descriptionEn#${i}`) }));
  db.doctors = db.doctors.map((d, i) => ({ ...d, name: f(`doctor.name#${i}`), nameEn: f(`doctor.nameEn#${i}`), specialty: f(`doctor.specialty#${i}`), specialtyEn: f(`doctor.specialtyEn#${i}`) }));
  db.patients = db.patients.map((p, i) => ({ ...p, name: f(`patient.name#${i}`), idNumberMasked: f(`patient.idNumberMasked#${i}`) }));
  for (const list of Object.values(db.conditions)) list.forEach((c) => Object.assign(c, { name: f('condition.name'), code: f('condition.code') }));
  db.history = db.history.map((e) => ({ ...e, diagnoses: [{ code: f('encounter.diagnosis.code'), name: f('encounter.diagnosis.name') }] }));
  db.pickupPoints = db.pickupPoints.map((p, i) => ({ ...p, name: f(`pickupPoint.name#${i}`), nameEn: f(`pickupPoint.nameEn#${i}`), address: f(`pickupPoint.address#${i}`), addressEn: f(`pickupPoint.addressEn#${i}`), hours: f(`pickupPoint.hours#${i}`) }));
  db.drugs = db.drugs.map((d, i) => ({ ...d, name: f(`drug.name#${i}`), nameEn: f(`drug.nameEn#${i}`), strength: f(`drug.strength#${i}`) }));
  db.allergies = { pat_self: [{ group: 'penicillin', name: f('allergy.name'), nameEn: f('allergy.nameEn'), reaction: f('allergy.reaction'), reactionEn: f('allergy.reactionEn') }] };
  db.interactions = db.interactions.map((x) => ({ ...x, note: f('interaction.note'), noteEn: f('interaction.noteEn') }));

  const patient = { id: 'pat_self', name: f('consult.patient.name'), gender: 'male' as const, age: 40 };
  const condition = { ...consultOf().condition, name: f('consult.condition.name'), code: f('consult.condition.code') };
  const complaint = f('consult.complaint');
  const record = { complaint: f('record.complaint'), diagnosis: f('record.diagnosis'), advice: f('record.advice'), writtenAt: ago(5) };
  db.consults = [
    consultOf({ id: 'con_1', status: 'in_progress', patient, condition, complaint, guardian: { name: f('consult.guardian.name'), relation: 'parent' }, lastSeq: 2 }),
    consultOf({ id: 'con_2', status: 'requested', patient, condition, complaint, paidAt: undefined }),
    consultOf({ id: 'con_3', status: 'completed', patient, condition, complaint, record }),
    consultOf({ id: 'con_4', status: 'referred', patient, condition, complaint, referralReason: f('consult.referralReason') }),
    consultOf({ id: 'con_5', status: 'paid', patient, condition, complaint }),
  ];
  db.messages = {
    con_1: [messageOf('con_1', 1, { sender: 'patient', text: f('message.text#patient') }), messageOf('con_1', 2, { sender: 'doctor', text: f('message.text#doctor') })],
  };

  const item = prescriptionOf().items[0]!;
  const rx = (over: Partial<Prescription>) =>
    prescriptionOf({
      patient: { ...prescriptionOf().patient, name: f('rx.patient.name') },
      doctorName: f('rx.doctorName'),
      diagnosis: { code: f('rx.diagnosis.code'), name: f('rx.diagnosis.name') },
      items: [{ ...item, name: f('rx.item.name'), nameEn: f('rx.item.nameEn'), strength: f('rx.item.strength'), note: f('rx.item.note'), packUnit: f('rx.item.packUnit') }],
      chronic: true,
      longSupplyReason: f('rx.longSupplyReason'),
      findings: [{ code: 'INTERACTION', level: 'warning', items: [0], note: f('rx.finding.note') }],
      allergies: [{ group: 'penicillin', name: f('rx.allergy.name'), nameEn: f('rx.allergy.nameEn'), reaction: f('rx.allergy.reaction') }],
      signature: { ...prescriptionOf().signature, signer: f('rx.signature.signer') },
      ...over,
    });
  const review = (decision: 'approved' | 'returned') => ({
    decision, pharmacistName: f('rx.review.pharmacistName'), at: ago(10), note: f('rx.review.note'), ...(decision === 'returned' ? { reason: f('rx.review.reason') } : {}),
  });
  const pickupPoint = { ...db.pickupPoints[0]!, name: f('fulfilment.pickupPoint.name'), nameEn: f('fulfilment.pickupPoint.nameEn'), address: f('fulfilment.pickupPoint.address') };
  db.prescriptions = [
    rx({ id: 'rx_wait', status: 'pending_review', issuedAt: ago(60) }),
    rx({ id: 'rx_ok', status: 'approved', issuedAt: ago(50), review: review('approved') }),
    rx({ id: 'rx_back', status: 'returned', issuedAt: ago(40), review: review('returned') }),
    rx({ id: 'rx_ship', status: 'dispatched', issuedAt: ago(30), fulfilment: { method: 'delivery', status: 'shipped', trackingNo: f('fulfilment.trackingNo'), addressMasked: f('fulfilment.addressMasked'), updatedAt: ago(5) } }),
    rx({ id: 'rx_pick', status: 'paid', issuedAt: ago(20), fulfilment: { method: 'pickup', status: 'preparing', pickupPoint, updatedAt: ago(5) } }),
  ];

  // A payment provider with its own checkout page: the URL is data too.
  const checkout = (over: Partial<Payment>): Payment => ({ id: 'pay_x', consultId: 'con_2', status: 'pending', amount: { amount: 2000, currency: 'CNY' }, provider: 'wechat', checkoutUrl: f('payment.checkoutUrl'), ...over });

  const obs = (i: number, numeric: number): LabObservation => ({
    code: '2823-3', name: f('lab.observation.name'), nameEn: f('lab.observation.nameEn'), value: f(`lab.observation.value#${i}`), numeric, unit: f('lab.observation.unit'),
    referenceRange: { text: f('lab.observation.range') }, interpretation: 'HH', note: f('lab.observation.note'),
  });
  const lab: LabReport[] = [0, 1].map((i) => ({
    id: `lab_${i}`, patientId: 'pat_self', title: f(`lab.title#${i}`), titleEn: f(`lab.titleEn#${i}`), specimen: f('lab.specimen'), status: 'final', issuedAt: ago(60 * 24 * (i + 1)), observations: [obs(i, 6 + i)],
  }));
  const imaging: ImagingStudy[] = [{
    id: '1.2.3', patientId: 'pat_self', description: f('imaging.study.description'), accession: f('imaging.study.accession'), modalities: [f('imaging.study.modality')], startedAt: ago(600),
    report: { status: 'preliminary', findings: f('imaging.report.findings'), impression: f('imaging.report.impression'), reporter: f('imaging.report.reporter'), verifier: f('imaging.report.verifier'), issuedAt: ago(500) },
    series: [{ id: '1.2.3.1', number: 1, modality: f('imaging.series.modality'), description: f('imaging.series.description'), instances: [{ id: 'ins_1', frames: 1 }] }],
  }];
  const alerts: CriticalAlert[] = [{ id: 'alert_1', reportId: 'lab_0', patientId: 'pat_self', patientName: f('alert.patientName'), reportTitle: f('alert.reportTitle'), observations: [obs(9, 7)], raisedAt: ago(1) }];
  const acknowledgedBy = f('alert.acknowledgedBy');
  const participant = (id: string, role: 'doctor' | 'patient' | 'specialist', admitted: boolean) => ({ id, role, name: f(`video.participant.${role}`), admitted, online: true, consent: null });
  const room: VideoRoom = {
    id: 'room_1', consultId: 'con_1', departmentId: 'dep_cardio', createdAt: ago(1), status: 'open', self: 'vp_doctor', recording: { status: 'off' }, media: { transport: 'mesh' },
    participants: [participant('vp_doctor', 'doctor', true), participant('vp_patient', 'patient', false), participant('vp_spec', 'specialist', true)],
  };

  api.use(
    http.post('/api/consults/:id/payment', ({ params }) => HttpResponse.json(checkout({ consultId: params.id as string }))),
    http.post('/api/prescriptions/:id/payment', ({ params }) => HttpResponse.json(checkout({ consultId: 'con_1', prescriptionId: params.id as string }))),
    http.post('/api/drug-search', () => HttpResponse.json({ items: db.drugs })),
    http.get('/api/patients/:id/lab-reports', () => HttpResponse.json({ items: lab })),
    http.get('/api/patients/:id/imaging-studies', () => HttpResponse.json({ items: imaging })),
    http.get('/api/imaging-studies/:s/series/:se/thumbnail', () => new HttpResponse(PNG_1x1, { headers: { 'Content-Type': 'image/png' } })),
    http.get('/api/imaging-studies/:s/series/:se/instances/:i/frames/:n', () => new HttpResponse(PNG_1x1, { headers: { 'Content-Type': 'image/png' } })),
    http.get('/api/critical-alerts', () => HttpResponse.json({ items: alerts })),
    http.post('/api/critical-alerts/:id/acknowledge', () => HttpResponse.json((alerts[0] = { ...alerts[0]!, acknowledgedAt: new Date().toISOString(), acknowledgedBy }))),
    http.post('/api/consults/:id/video-room', () => HttpResponse.json(room)),
    http.get('/api/video-rooms', () => HttpResponse.json({ items: [{ ...room, self: 'vp_spec' }, { ...room, id: 'room_2', consultId: 'con_5', self: 'vp_spec' }] })),
    http.get('/api/video-rooms/:id', () => HttpResponse.json(room)),
    http.get('/api/video/ice-servers', () => HttpResponse.json({ iceServers: [] })),
    http.get('/api/consults/:id/recordings', () => HttpResponse.json({ items: [] })),
    http.post('/api/video-rooms/:id/end', () => HttpResponse.json({ ...room, status: 'ended' })),
  );
}


/**
 * After each state of a walk: nothing ran, nothing from the data is in the page, and every
 * tagged field shown holds its text literally.
 */
function checker(v: Variant) {
  return async (el: Element, state: string) => {
    await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 30))); // an image's onerror fires after its load fails
    expect(hits, `${state}: a payload ran`).to.deep.equal([]);
    expect(findInjected(el.parentElement ?? el), `${state}: found in the page`).to.deep.equal([]);
    expect(findInjected(document), `${state}: found in the document`).to.deep.equal([]);
    const seen = shownText(shadow(el));
    for (const [, field] of seen.matchAll(/⟦([^⟧]+)⟧/g)) {
      expect(seen, `${state}: ${field} shows literally`).to.include(normal(v.text(field!)));
      shownFields.add(field!);
    }
  };
}

async function mount<E extends HTMLElement>(v: Variant, tag: string, opts: { attrs?: Record<string, string>; realtime?: FakeVideoRealtime } = {}): Promise<E> {
  const realtime = opts.realtime ?? new FakeVideoRealtime();
  const provider = await fixture<IhProvider>(html`<ih-provider api="/api" locale=${v.locale} token=${TOKEN} .realtimeFactory=${() => realtime}></ih-provider>`);
  const el = document.createElement(tag) as E;
  for (const [name, value] of Object.entries(opts.attrs ?? {})) el.setAttribute(name, value);
  provider.append(el);
  await (el as unknown as { updateComplete: Promise<unknown> }).updateComplete;
  return el;
}

const options = (el: Element, sel = '[part~="option"]') => waitFor(() => ($$(el, sel).length ? $$(el, sel) : undefined), `options in ${el.localName}`);
const click = async (el: Element, sel: string, what = sel) => (await waitFor(() => $(el, sel), what)).click();

/** Each element, through the states that show data. */
const WALKS: Record<string, (v: Variant, check: ReturnType<typeof checker>) => Promise<void>> = {
  async 'ih-booking'(v, check) {
    const el = await mount(v, 'ih-booking');
    const departments = await options(el);
    await check(el, 'departments');
    departments[0]!.click();
    await waitFor(() => $(el, '[part~="option"] [part~="doctor-avatar"]'), 'doctors');
    await check(el, 'doctors');
    (await options(el))[0]!.click();
    (await options(el, '[part~="slot"]:not([aria-disabled="true"])'))[0]!.click();
    await waitFor(() => $$(el, '.patients [part~="option"]').length, 'patients');
    await check(el, 'patients');
    $$(el, '[part~="option"]')[0]!.click();
    await click(el, '[part~="confirm-button"]');
    await waitFor(() => $(el, '[part~="done"]'), 'done');
    await check(el, 'booked');
    const fresh = await mount(v, 'ih-booking');
    (await options(fresh))[1]!.click();
    await waitFor(() => $(fresh, '[part~="option"] [part~="doctor-avatar"]'), 'the other department\'s doctors');
    await check(fresh, 'the other department\'s doctors');
  },

  async 'ih-appointments'(v, check) {
    const el = await mount(v, 'ih-appointments');
    await options(el, '[part~="item"]');
    await check(el, 'appointments');
    await click(el, '[part~="cancel-button"]');
    await waitFor(() => shadow(el).querySelector('dialog[open]'), 'cancel dialog');
    await check(el, 'cancel dialog');
  },

  async 'ih-clinic'(v, check) {
    const el = await mount<HTMLElement & { open(id: string): void }>(v, 'ih-clinic');
    await options(el);
    await waitFor(() => $(el, '[part~="consults"]'), 'consult list');
    await check(el, 'patients and consults');
    (await options(el))[0]!.click();
    await waitFor(() => shadow(el).textContent!.includes('⟦condition.name⟧'), 'conditions');
    await check(el, 'conditions');
    (await options(el))[0]!.click();
    await waitFor(() => shadow(el).textContent!.includes('⟦doctor.name'), 'doctors');
    await check(el, 'doctors');
    (await options(el))[0]!.click();
    await waitFor(() => $(el, '[part~="complaint-input"]'), 'complaint');
    await check(el, 'complaint with its summary');
    for (const [id, status] of [['con_1', 'in_progress'], ['con_3', 'completed'], ['con_4', 'referred'], ['con_2', 'requested']] as const) {
      el.open(id);
      await waitFor(() => $(el, `.consult-line [part~="status-${status}"]`), id);
      if (id === 'con_1') await waitFor(() => shadow(el).textContent!.includes('⟦message.text#doctor⟧'), 'messages');
      if (id === 'con_3') await waitFor(() => $(el, '[part~="record"]'), 'record');
      if (id === 'con_4') await waitFor(() => $(el, '[part~="referral"]'), 'referral');
      await check(el, id);
    }
    await click(el, '[part~="pay-button"]');
    await waitFor(() => $(el, '[part~="paid-check-button"]'), 'checkout');
    await check(el, 'checkout at the provider');
  },

  async 'ih-doctor-desk'(v, check) {
    api.role = 'doctor';
    const el = await mount(v, 'ih-doctor-desk');
    await options(el, '[part~="queue-item"]');
    await waitFor(() => $(el, '[part~="alert-item"]'), 'alerts');
    await check(el, 'queue and alerts');
    await click(el, '[part~="alert-acknowledge-button"]');
    await waitFor(() => $(el, '[part~="alert-acknowledged"]'), 'acknowledged');
    await check(el, 'an acknowledged alert');
    for (const id of ['con_1', 'con_5']) {
      (await waitFor(() => $(el, `[part~="queue-item"][data-consult="${id}"]`), `queue item ${id}`)).click();
      await waitFor(() => shadow(el).textContent!.includes('⟦encounter.diagnosis.name⟧'), 'history');
      if (id === 'con_1') await waitFor(() => shadow(el).textContent!.includes('⟦message.text#patient⟧'), 'messages');
      await check(el, id);
      await click(el, '[part~="back-button"]');
    }
  },

  async 'ih-pharmacist-review'(v, check) {
    const el = await mount(v, 'ih-pharmacist-review');
    (await options(el, '[part~="queue-item"]'))[0]!.click();
    await waitFor(() => $(el, '[part~="approve-button"]'), 'a prescription');
    await check(el, 'a prescription under review');
  },

  async 'ih-prescription-editor'(v, check) {
    api.role = 'doctor';
    api.db.prescriptions = api.db.prescriptions.filter((p) => p.id === 'rx_back').map((p) => ({ ...p, consultId: 'con_1' }));
    const el = await mount(v, 'ih-prescription-editor', { attrs: { 'consult-id': 'con_1' } });
    await waitFor(() => $(el, '[part~="return-reason"]'), 'returned');
    await check(el, 'a returned prescription');
    await click(el, '[part~="revise-button"]');
    const input = await waitFor(() => $(el, '[part~="search-input"]'), 'editor');
    await waitFor(() => $(el, 'li[part~="item"]'), 'rows');
    // A statin and a macrolide: the check's interaction finding carries its note.
    for (const pick of [2, 3]) {
      input.focus();
      await sendKeys({ type: 'a' });
      await options(el, '[part~="search-option"]');
      if (pick === 2) await check(el, 'revising, with search results');
      for (let i = 0; i < pick; i++) await sendKeys({ press: 'ArrowDown' });
      await sendKeys({ press: 'Enter' });
      await waitFor(() => $$(el, 'li[part~="item"]').length === pick, `row ${pick}`);
    }
    await waitFor(() => $(el, '[part~="finding"][data-code="INTERACTION"]') && /⟦interaction\.note(En)?⟧/.test(shadow(el).textContent!), 'the interaction');
    await check(el, 'revising, with findings');
  },

  async 'ih-prescriptions'(v, check) {
    const el = await mount<HTMLElement & { open(id: string): void }>(v, 'ih-prescriptions', { attrs: { 'hospital-name': '城东人民医院' } });
    await options(el, '[part~="list-item"]');
    await check(el, 'list');
    for (const [id, status] of [['rx_ship', 'dispatched'], ['rx_pick', 'paid'], ['rx_back', 'returned'], ['rx_ok', 'approved']] as const) {
      el.open(id);
      await waitFor(() => !$(el, '[part~="list-item"]') && $(el, `[part~="status-${status}"]`) && $(el, '[part~="facts"]'), id);
      await check(el, id);
    }
    (await waitFor(() => $<HTMLInputElement>(el, 'input[name="method"][value="pickup"]'), 'pickup')).click();
    await waitFor(() => $$(el, '[part~="pickup-point"]').length === 2, 'pickup points');
    await check(el, 'pickup points');
    $<HTMLInputElement>(el, '[part~="pickup-point"] input[value="pp_1"]')!.click();
    await click(el, '[part~="pay-button"]');
    await waitFor(() => $(el, '[part~="paid-check-button"]'), 'checkout');
    await check(el, 'checkout at the provider');
    const print = window.print;
    window.print = () => undefined;
    try {
      await click(el, '[part~="print-button"]');
      await waitFor(() => $(el, '[part~="print-view"]'), 'print view');
      await check(el, 'print view');
    } finally {
      window.print = print;
    }
  },

  async 'ih-reports'(v, check) {
    const el = await mount(v, 'ih-reports', { attrs: { patient: 'pat_self' } });
    (await options(el, '[part~="report"]'))[0]!.click();
    await click(el, '[part~="trend-button"]');
    await waitFor(() => $(el, '[part~="trend"]'), 'trend');
    await click(el, '[part~="trend-table-button"]');
    await check(el, 'a report with its trend');
    await click(el, '[part~="back-button"]');
    await options(el, '[part~="report"]');
    await check(el, 'reports');
    await click(el, '#tab-imaging');
    await waitFor(() => $(el, 'img[part~="thumbnail"]'), 'thumbnail');
    await check(el, 'studies');
    await click(el, '[part~="series"]');
    await waitFor(() => $(el, 'canvas[part~="viewer-canvas"]'), 'viewer');
    await check(el, 'viewer');
  },

  async 'ih-video-consult'(v, check) {
    // Without consult-id, a patient picks a consult and a specialist an invitation (once they have looked).
    api.db.consults = api.db.consults.map((c) => ({ ...c, status: 'in_progress' }));
    for (const role of ['patient', 'specialist']) {
      const pick = await mount(v, 'ih-video-consult', { attrs: { 'call-role': role } });
      await click(pick, '[part~="start-button"]');
      await click(pick, '[part~="cancel-button"]');
      await waitFor(() => $(pick, '[part~="consult-select"]'), `${role}: calls to pick`);
      await check(pick, `${role}: calls to pick`);
      pick.remove();
    }
    const el = await mount<HTMLElement & { call: string }>(v, 'ih-video-consult', { attrs: { 'consult-id': 'con_1', 'call-role': 'doctor' } });
    await click(el, '[part~="start-button"]');
    (await waitFor(() => $(el, '[part~="join-button"][aria-disabled="false"]'), 'join enabled')).click();
    await waitFor(() => $(el, '[part~="waiting-item"]') && $(el, '[part~="tile"]'), 'the call');
    await click(el, '[part~="invite-button"]');
    await waitFor(() => $(el, '[part~="invite-select"]'), 'doctors to invite');
    await check(el, 'in the call, inviting');
    el.remove();
  },
};

/** Fields no element shows (the gateway's data has them for other uses). */
const NOT_SHOWN = new Set([
  'rx.review.note', // the pharmacist's note on an approval is kept for the record
  'consult.condition.code', // a consult shows its condition by name
  'imaging.study.accession', // for the hospital's staff
  'payment.checkoutUrl', // a link's href only, and only an http(s) URL (below)
]);

describe('hostile input in every free-text field', () => {
  for (const [tag, walk] of Object.entries(WALKS)) {
    describe(`<${tag}>`, () => {
      for (const v of VARIANTS) {
        it(`${v.name} (${v.locale}): nothing runs, nothing is added, the text shows literally`, async () => {
          hits.length = 0;
          hostileData(v.text);
          await walk(v, checker(v));
        });
      }
    });
  }
});

// After the walks (mocha runs a suite's own tests before its nested suites).
describe('hostile input: coverage', () => {
  it('every field of the data was shown by some element (or is known not to be)', () => {
    const missing = [...allFields].filter((f) => !shownFields.has(f) && !NOT_SHOWN.has(f));
    expect(missing, 'fields no walk showed').to.deep.equal([]);
  });
});

describe('hostile input: a checkout page from the payment provider', () => {
  it('is linked when it is an http(s) URL, and not at all when it is anything else', async () => {
    const v = VARIANTS[0]!;
    for (const [url, linked] of [['https://pay.example.com/c?o=1', true], ['javascript:top.__xss("checkout")', false], ['data:text/html,x', false]] as const) {
      hostileData(v.text);
      api.use(http.post('/api/consults/:id/payment', () => HttpResponse.json({ id: 'pay_x', consultId: 'con_2', status: 'pending', amount: { amount: 2000, currency: 'CNY' }, provider: 'wechat', checkoutUrl: url })));
      api.use(http.post('/api/prescriptions/:id/payment', () => HttpResponse.json({ id: 'pay_y', consultId: 'con_1', prescriptionId: 'rx_ok', status: 'pending', amount: { amount: 2000, currency: 'CNY' }, provider: 'wechat', checkoutUrl: url })));
      const clinic = await mount<HTMLElement & { open(id: string): void }>(v, 'ih-clinic');
      clinic.open('con_2');
      await click(clinic, '[part~="pay-button"]');
      const rx = await mount<HTMLElement & { open(id: string): void }>(v, 'ih-prescriptions');
      rx.open('rx_ok');
      (await waitFor(() => $<HTMLInputElement>(rx, 'input[name="method"][value="pickup"]'), 'pickup')).click();
      (await waitFor(() => $<HTMLInputElement>(rx, '[part~="pickup-point"] input[value="pp_1"]'), 'pickup points')).click();
      await click(rx, '[part~="pay-button"]');
      for (const el of [clinic, rx]) {
        await waitFor(() => $(el, '[part~="paid-check-button"]'), `${el.localName}: checkout`);
        expect($(el, '[part~="checkout-link"]')?.getAttribute('href'), `${el.localName}: ${url}`).to.equal(linked ? url : undefined);
      }
      api.reset();
    }
  });
});
