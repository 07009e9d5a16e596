/**
 * The worked example of docs/adapters.md: a HisAdapter for a vendor HIS that speaks its own JSON
 * web service (vendor-his.ts is a stand-in of it). Copy this file and change what your HIS says
 * differently; its test (his-adapter.test.ts) runs it through the conformance kit and books
 * through a real gateway with it.
 *
 * What such an adapter does, and where it does it:
 * - call():        one POST per transaction; the vendor's result codes become AdapterError codes
 *                  the user is told about (REFUSALS), anything else means "HIS unavailable".
 * - serialOf():    the vendor has no idempotency keys but dedups by its transaction serial, so the
 *                  serial is derived from the key (same key, same serial, same registration).
 * - instant():     the vendor's local times (no offset) become instants in the hospital's zone.
 * - money():       fen stay fen: ihkit's Money is in minor units.
 * - the *Of() functions: one place per record that maps pinyin fields to the contract's types.
 */
import { createHash } from 'node:crypto';
import { AdapterError, zonedInstant, zonedIso, type BookRequest, type Encounter, type HisAdapter, type HisDoctor, type HisPatient, type PatientLookup } from '@ihkit/adapters';
import type { Appointment, AppointmentStatus, Department, Drug, PracticeCategory, Practitioner, ServerErrorCode, Slot } from '@ihkit/core';
import type { Br, Gh, Hy, Jz, Ks, Xh, Yp, Ys } from './vendor-his.js';

export interface VendorHisOptions {
  /** The web service's base URL, e.g. https://his.example-hospital.cn:8443 */
  baseUrl: string;
  /** The hospital's IANA time zone; the vendor's times are local to it. */
  timeZone?: string;
  /** Give up on a call after this many milliseconds (the gateway then answers HIS_UNAVAILABLE). */
  timeoutMs?: number;
}

/** The vendor's result codes that are an answer for the user, not an outage. */
const REFUSALS: Record<string, ServerErrorCode> = {
  '1001': 'SLOT_NOT_FOUND',
  '1002': 'SLOT_TAKEN',
  '1003': 'ALREADY_BOOKED',
  '1004': 'IDEMPOTENCY_KEY_REUSED',
  '1005': 'SLOT_TAKEN', // the slot has begun: no longer bookable
  '1006': 'INVALID_STATE', // 改约 of a registration that is not booked
};
const NO_RECORD = '2001';

const TITLES: Record<Ys['zc'], HisDoctor['title']> = { 主任医师: 'chief', 副主任医师: 'associate_chief', 主治医师: 'attending', 住院医师: 'resident' };
const STATUS: Record<Gh['zt'], AppointmentStatus> = { '0': 'booked', '1': 'cancelled', '2': 'completed', '3': 'no_show' };
const VISIT_KINDS: Record<string, Encounter['kind']> = { mz: 'outpatient', zy: 'inpatient', hlw: 'online' };
const CONTROL: Record<string, Drug['control']> = { '0': 'none', '1': 'narcotic', '2': 'psychotropic_1', '3': 'psychotropic_2', '4': 'toxic', '5': 'radioactive', '6': 'precursor' };
const FORMS: Record<string, Drug['form']> = { 片剂: 'tablet', 胶囊剂: 'capsule', 颗粒剂: 'granule', 糖浆剂: 'syrup', 软膏剂: 'ointment', 滴眼剂: 'drops', 吸入剂: 'inhaler' };
const ROUTES: Record<string, Drug['route']> = { 口服: 'oral', 外用: 'topical', 吸入: 'inhaled', 滴眼: 'ophthalmic' };
const PACKS: Record<string, Drug['packUnit']> = { 盒: 'box', 瓶: 'bottle', 支: 'tube' };
const CATEGORIES: Record<string, PracticeCategory> = { 临床: 'clinical', 中医: 'chinese_medicine', 口腔: 'dental', 公卫: 'public_health', 药学: 'pharmacy', 中药学: 'chinese_pharmacy' };

/** The vendor's 人员资质 answer: a doctor (ys) or pharmacist (yjs), with the permission's dates (qx). */
interface Ryzz { rylb: 'ys' | 'yjs'; rydm: string; xm: string; zc: string; ksdm?: string; zyzsbm?: string; zylb?: string; zyfw?: string; qx?: { ksrq?: string; jsrq?: string } }
/** YYYYMMDD or YYYY-MM-DD as YYYY-MM-DD; undefined when absent, null when it is not a date. */
const ymd = (d?: string) => (d === undefined || d === '' ? undefined : /^\d{8}$/.test(d) ? `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6)}` : /^\d{4}-\d{2}-\d{2}$/.test(d) ? d : null);

export function createVendorHis(options: VendorHisOptions): HisAdapter {
  const timeZone = options.timeZone ?? 'Asia/Shanghai';
  const timeoutMs = options.timeoutMs ?? 8000;

  /** One transaction. Answers `sj`, or undefined for "no such record" when `missing` allows it. */
  async function call<T>(jym: string, body: object, missing: 'throw' | 'undefined' = 'throw'): Promise<T> {
    const res = await fetch(`${options.baseUrl}/his/${jym}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (!res.ok) throw new Error(`vendor HIS ${jym}: HTTP ${res.status}`);
    const { jgdm, jgxx, sj } = (await res.json()) as { jgdm: string; jgxx: string; sj: T };
    if (jgdm === '0000') return sj;
    if (jgdm === NO_RECORD && missing === 'undefined') return undefined as T;
    const code = REFUSALS[jgdm] ?? (jgdm === NO_RECORD ? 'NOT_FOUND' : undefined);
    // The vendor's message is logged by the gateway with the code; it holds no personal data.
    if (code) throw new AdapterError(code, `vendor HIS ${jym}: ${jgdm} ${jgxx}`);
    throw new Error(`vendor HIS ${jym}: ${jgdm} ${jgxx}`);
  }

  /** The vendor's serial (1–32 letters and digits) for an idempotency key: the same key, the same serial. */
  const serialOf = (key: string) => createHash('sha256').update(key).digest('hex').slice(0, 32);
  /** A local date and time of day ("HH:mm" or "HH:mm:ss") in the hospital's zone, as ISO 8601 with its offset. */
  const instant = (date: string, time: string) => {
    const [h = 0, m = 0, s = 0] = time.split(':').map(Number);
    return zonedIso(new Date(zonedInstant(date, h * 60 + m, timeZone).getTime() + s * 1000), timeZone);
  };
  /** The vendor's stamps, "YYYY-MM-DD HH:mm:ss" local. */
  const stamp = (local: string) => instant(local.slice(0, 10), local.slice(11));
  const money = (fen: number) => ({ amount: fen, currency: 'CNY' });

  const departmentOf = (k: Ks): Department => ({ id: k.ksdm, name: k.ksmc, description: k.ksms });
  const doctorOf = (y: Ys): HisDoctor => ({ id: y.ysdm, name: y.ysxm, departmentId: y.ksdm, title: TITLES[y.zc], specialty: y.sc, fee: money(y.ghf) });
  const slotOf = (h: Hy): Slot => ({
    id: h.hydm, doctorId: h.ysdm, departmentId: h.ksdm, start: instant(h.jzrq, h.kssj), end: instant(h.jzrq, h.jssj),
    capacity: h.zhs, available: h.syhs, fee: money(h.ghf),
  });
  const appointmentOf = (g: Gh): Appointment => ({
    id: g.ghdm, number: g.ghxh, patientId: g.brid, slotId: g.hydm, doctorId: g.ysdm, departmentId: g.ksdm,
    start: instant(g.jzrq, g.kssj), end: instant(g.jzrq, g.jssj), status: STATUS[g.zt], fee: money(g.ghf),
    createdAt: stamp(g.ghsj), ...(g.thsj ? { cancelledAt: stamp(g.thsj) } : {}),
  });
  const patientOf = (b: Br): HisPatient => ({
    id: b.brid, name: b.xm, gender: b.xb === '1' ? 'male' : 'female',
    birthDate: `${b.csrq.slice(0, 4)}-${b.csrq.slice(4, 6)}-${b.csrq.slice(6, 8)}`, idNumber: b.sfzh, cardNo: b.jzkh, phone: b.sjhm,
  });
  const drugOf = (y: Yp): Drug => ({
    id: y.ypdm, name: y.ypmc, nameEn: y.ywmc, strength: y.gg, form: FORMS[y.jx] ?? 'tablet', route: ROUTES[y.tj] ?? 'oral',
    packSize: y.bzsl, packUnit: PACKS[y.bzdw] ?? 'box', price: money(y.dj), stock: y.kc,
    // A control class not recorded (or one this adapter does not know) is 'unknown': controlled until the HIS says otherwise.
    control: CONTROL[y.gzlb] ?? 'unknown',
    doseUnit: y.jldw, unitDose: y.dwjl, ingredient: y.cf, allergyGroups: y.gmz, classes: y.yl,
    ...(y.cryl ? { adultDose: { min: y.cryl.zx, max: y.cryl.zd, maxDaily: y.cryl.rzd } } : {}),
  });
  const practitionerOf = (r: Ryzz): Practitioner => {
    const [from, until] = [ymd(r.qx?.ksrq), ymd(r.qx?.jsrq)];
    // Nothing is guessed: no permission, or dates that cannot be read, is no permission.
    const permission = r.qx && from !== null && until !== null ? { ...(from ? { from } : {}), ...(until ? { until } : {}) } : undefined;
    const category = r.zylb ? CATEGORIES[r.zylb] : undefined;
    return {
      id: r.rydm, kind: r.rylb === 'yjs' ? 'pharmacist' : 'doctor', name: r.xm, title: r.zc, departmentIds: r.ksdm ? [r.ksdm] : [],
      ...(r.zyzsbm ? { licenceNumber: r.zyzsbm } : {}), ...(category ? { category } : {}), ...(r.zyfw ? { scope: [r.zyfw] } : {}), ...(permission ? { permission } : {}),
    };
  };

  return {
    name: 'vendor-json-his',
    timeZone,
    listDepartments: async () => (await call<Ks[]>('ks', {})).map(departmentOf),
    listDoctors: async (query = {}) => (await call<Ys[]>('ys', { ksdm: query.departmentId })).map(doctorOf),
    listSlots: async (q) => (await call<Hy[]>('pb', { ksrq: q.from, jsrq: q.to, ysdm: q.doctorId, ksdm: q.departmentId })).map(slotOf),
    async getSlot(slotId) {
      const h = await call<Hy | undefined>('hy', { hydm: slotId }).catch((e: unknown) => {
        if (e instanceof AdapterError && e.code === 'SLOT_NOT_FOUND') return undefined;
        throw e;
      });
      return h && slotOf(h);
    },
    book: async (r: BookRequest) => appointmentOf(await call<Gh>('gh', { hydm: r.slotId, brid: r.patientId, jylsh: serialOf(r.idempotencyKey) })),
    cancel: async (appointmentId) => appointmentOf(await call<Gh>('th', { ghdm: appointmentId })),
    reschedule: async (appointmentId, slotId) => appointmentOf(await call<Gh>('gq', { ghdm: appointmentId, hydm: slotId })),
    async getAppointment(appointmentId) {
      const found = await call<Gh[] | undefined>('ghcx', { ghdm: appointmentId }, 'undefined');
      return found?.[0] && appointmentOf(found[0]);
    },
    listAppointments: async (q) =>
      (await call<Gh[]>('ghcx', { brids: q.patientIds })).map(appointmentOf).filter((a) => !q.status || a.status === q.status)
        .sort((a, b) => a.start.localeCompare(b.start)),
    async findPatient(lookup: PatientLookup) {
      const query = 'patientId' in lookup ? { brid: lookup.patientId } : 'idNumber' in lookup ? { sfzh: lookup.idNumber } : { jzkh: lookup.cardNo };
      const b = await call<Br | undefined>('br', query, 'undefined');
      return b && patientOf(b);
    },
    listEncounters: async (patientId) =>
      (await call<Jz[]>('jz', { brid: patientId })).map((j): Encounter => ({
        id: j.jzdm, patientId: j.brid, departmentId: j.ksdm, doctorId: j.ysdm, date: j.jzrq,
        // A visit type not recorded, or one this adapter does not know (体检 …), is 'unknown': no offline visit.
        kind: (j.jzlx && VISIT_KINDS[j.jzlx]) ?? 'unknown',
        diagnoses: j.zd.map((d) => ({ code: d.icd, name: d.mc })),
      })),
    searchDrugs: async (text, limit) => (await call<Yp[]>('yp', { gjz: text, ts: limit })).map(drugOf),
    getDrugs: async (ids) => (ids.length ? (await call<Yp[]>('ypxq', { ypdms: ids })).map(drugOf) : []),
    async listInteractions(drugs) {
      const codes = [...new Set(drugs.flatMap((d) => [d.id, ...(d.classes ?? [])]))];
      return (await call<Xh[]>('xhzy', { dm: codes })).map((x) => ({ a: x.a, b: x.b, severity: x.jb === 'yz' ? 'major' : 'moderate', note: x.sm }));
    },
    listAllergies: async (patientId) => (await call<{ gmz: string; gmmc: string; fy: string }[]>('gm', { brid: patientId })).map((g) => ({ group: g.gmz, name: g.gmmc, reaction: g.fy })),
    async getPractitioner(practitionerId) {
      const r = await call<Ryzz | undefined>('ryzz', { rydm: practitionerId }, 'undefined');
      return r && practitionerOf(r);
    },
  };
}
