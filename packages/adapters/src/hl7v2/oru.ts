/**
 * ORU^R01 (unsolicited observation results) to the contract's LabReport: one report per OBR
 * group. Field by field:
 *
 * | LabReport / LabObservation | from |
 * |---|---|
 * | id | `lab_` + hash of MSH-4 (sending facility), the filler order number OBR-3 (else ORC-3, placer OBR-2, ORC-2) and the OBR-4 code — stable across re-sends and corrections, no patient data |
 * | patientId | PID-3, the first identifier of type PI, else MR, else the first (see `patientIdTypes`); PID-2 when PID-3 is empty |
 * | orderingDoctorId | ORC-12, else OBR-16: XCN-1 of the first repetition |
 * | title, titleEn | OBR-4 text and alternate text (see `bilingual`: the Chinese one is the title) |
 * | specimen | SPM-4 text, else OBR-15 |
 * | collectedAt | OBR-7 · issuedAt: OBR-22, else MSH-7 (no offset: the hospital's time zone) |
 * | status | OBR-25: F final, C corrected, X cancelled, P/R/S/I/O/A preliminary; empty: from the OBX-11s |
 * | code, name, nameEn | OBX-3 (the LOINC code when one is given) |
 * | value, numeric | OBX-5 by the type in OBX-2 (see `valueOf`) · unit: OBX-6 · referenceRange: OBX-7 |
 * | interpretation | OBX-8 (see `interpretationFromFlags`) · note: the NTE segments after the OBX |
 *
 * OBX with result status D (deleted) or W (posted in error) are left out.
 */
import { createHash } from 'node:crypto';
import { zonedIso } from '@ihkit/core';
import type { LabObservation, LabReport } from '@ihkit/core';
import { HL7_ERROR, Hl7Error, type Hl7ErrorCode, type Hl7Location } from './errors.js';
import { parseHl7, type Hl7Message, type Hl7Segment } from './message.js';
import { bilingual, codeOf, interpretationFromFlags, parseReferenceRange, valueOf } from './observation.js';
import { parseHl7DateTime } from './time.js';

export interface OruOptions {
  /** The hospital's IANA time zone, for date-times sent without an offset. Default Asia/Shanghai. */
  timeZone?: string;
  /** PID-3 identifier types (CX-5) to prefer, in order. Default ['PI', 'MR']. */
  patientIdTypes?: readonly string[];
}

export const DEFAULT_HOSPITAL_TIME_ZONE = 'Asia/Shanghai';

/** The contract's Id: what patient, doctor and report ids must look like. */
const ID = /^[A-Za-z0-9_-]{1,64}$/;

const STATUS: Readonly<Record<string, LabReport['status']>> = {
  F: 'final',
  C: 'corrected',
  X: 'cancelled',
  P: 'preliminary',
  R: 'preliminary', // results stored, not yet verified
  A: 'preliminary', // some, not all, results available
  I: 'preliminary', // no results yet: specimen in the laboratory
  S: 'preliminary', // procedure scheduled
  O: 'preliminary', // order received
};

const fail = (code: Hl7ErrorCode, message: string, at: Hl7Location): never => {
  throw new Hl7Error(code, message, 'AE', at);
};

/**
 * Checks the header says ORU^R01 in HL7 v2.x and carries a control id; throws an Hl7Error
 * with `ack` 'AR' otherwise.
 */
export function checkOruHeader(message: Hl7Message): void {
  const msh = message.header;
  const at = (field: number, component?: number): Hl7Location => ({ segment: 'MSH', sequence: 1, field, ...(component ? { component } : {}) });
  if (!message.controlId) throw new Hl7Error(HL7_ERROR.REQUIRED_FIELD_MISSING, 'MSH-10 (message control id) is missing', 'AR', at(10));
  const version = msh.get(12).trim();
  if (!/^2\.\d/.test(version)) throw new Hl7Error(HL7_ERROR.UNSUPPORTED_VERSION, 'Only HL7 version 2.x is accepted (MSH-12)', 'AR', at(12));
  const type = msh.get(9, 1).trim().toUpperCase();
  const structure = msh.get(9, 3).trim().toUpperCase();
  if (type !== 'ORU') throw new Hl7Error(HL7_ERROR.UNSUPPORTED_MESSAGE_TYPE, 'Only ORU messages are accepted (MSH-9)', 'AR', at(9, 1));
  const event = msh.get(9, 2).trim().toUpperCase();
  if (event !== 'R01' && !(event === '' && structure === 'ORU_R01')) throw new Hl7Error(HL7_ERROR.UNSUPPORTED_EVENT, 'Only the R01 event is accepted (MSH-9)', 'AR', at(9, 2));
}

interface Group {
  pid: Hl7Segment;
  orc?: Hl7Segment;
  obr: Hl7Segment;
  spm?: Hl7Segment;
  results: Array<{ obx: Hl7Segment; notes: string[] }>;
}

/** The message's OBR groups with their patient, order and results, in order. */
function groups(message: Hl7Message): Group[] {
  const out: Group[] = [];
  let pid: Hl7Segment | undefined;
  let orc: Hl7Segment | undefined;
  let group: Group | undefined;
  let last: Group['results'][number] | undefined;
  for (const seg of message.segments.slice(1)) {
    const at = { segment: seg.name, sequence: seg.sequence };
    switch (seg.name) {
      case 'PID':
        pid = seg;
        orc = undefined;
        group = undefined;
        last = undefined;
        break;
      case 'ORC':
        orc = seg;
        group = undefined;
        last = undefined;
        break;
      case 'OBR':
        if (!pid) fail(HL7_ERROR.SEGMENT_SEQUENCE, `OBR (segment ${seg.position}) comes before any PID`, at);
        group = { pid: pid!, obr: seg, results: [], ...(orc ? { orc } : {}) };
        out.push(group);
        last = undefined;
        break;
      case 'OBX':
        if (!group) fail(HL7_ERROR.SEGMENT_SEQUENCE, `OBX (segment ${seg.position}) is not inside an OBR group`, at);
        last = { obx: seg, notes: [] };
        group!.results.push(last);
        break;
      case 'NTE':
        // Notes on the patient or the order itself have no place in a LabReport.
        if (last) last.notes.push(seg.texts(3).join('\n').trim());
        break;
      case 'SPM':
        if (group && !group.spm) group.spm = seg;
        last = undefined;
        break;
      default:
        // SFT, PD1, NK1, PV1, PV2, TQ1, CTD, FT1, CTI, DSC and Z segments carry nothing ihkit shows.
        break;
    }
  }
  return out;
}

/** PID-3: the first identifier of a preferred type, else the first one; PID-2 when PID-3 has none. */
function patientIdOf(pid: Hl7Segment, types: readonly string[]): string {
  const ids = pid.repetitions(3).filter((r) => r.get(1).trim());
  const typed = types.map((t) => ids.find((r) => r.get(5).trim().toUpperCase() === t)).find(Boolean);
  const id = (typed ?? ids[0])?.get(1).trim() ?? pid.get(2).trim();
  const at = { segment: 'PID', sequence: pid.sequence, field: 3 };
  if (!id) fail(HL7_ERROR.REQUIRED_FIELD_MISSING, 'PID-3 (patient identifier) is missing', at);
  if (!ID.test(id)) fail(HL7_ERROR.DATA_TYPE, 'PID-3 is not a usable patient id (letters, digits, _ and - only, at most 64)', at);
  return id;
}

function orderingDoctorOf(g: Group): string | undefined {
  const from = (seg: Hl7Segment | undefined, field: number) => seg?.repetitions(field).map((r) => r.get(1).trim()).find(Boolean);
  const orc = from(g.orc, 12);
  const id = orc ?? from(g.obr, 16);
  if (id === undefined) return undefined;
  if (!ID.test(id)) {
    fail(HL7_ERROR.DATA_TYPE, `${orc ? 'ORC-12' : 'OBR-16'} is not a usable doctor id (letters, digits, _ and - only, at most 64)`,
      orc ? { segment: 'ORC', sequence: g.orc!.sequence, field: 12 } : { segment: 'OBR', sequence: g.obr.sequence, field: 16 });
  }
  return id;
}

/** A report id from the sending facility, the order number and the test: the same whenever that order is re-sent. */
function reportIdOf(message: Hl7Message, g: Group): string {
  const candidates: Array<[string, Hl7Segment | undefined, number]> = [['F', g.obr, 3], ['F', g.orc, 3], ['P', g.obr, 2], ['P', g.orc, 2]];
  const found = candidates.find(([, seg, field]) => seg?.get(field, 1).trim());
  if (!found) fail(HL7_ERROR.REQUIRED_FIELD_MISSING, 'OBR-3 (filler order number) and OBR-2 (placer order number) are both missing', { segment: 'OBR', sequence: g.obr.sequence, field: 3 });
  const [kind, seg, field] = found!;
  const msh = message.header;
  const key = ['ihkit-hl7', msh.get(4, 1).trim(), msh.get(4, 2).trim(), kind, seg!.get(field, 1).trim(), seg!.get(field, 2).trim(), codeOf(g.obr.repetitions(4)[0])].join('\u0000');
  return `lab_${createHash('sha256').update(key).digest('hex').slice(0, 20)}`;
}

function dateTimeAt(seg: Hl7Segment, field: number, timeZone: string): string | undefined {
  const text = seg.get(field, 1).trim();
  if (!text) return undefined;
  const at = parseHl7DateTime(text, timeZone);
  if (!at) fail(HL7_ERROR.DATA_TYPE, `${seg.name}-${field} is not an HL7 date-time`, { segment: seg.name, sequence: seg.sequence, field });
  return zonedIso(at!, timeZone);
}

function statusOf(g: Group): LabReport['status'] {
  const code = g.obr.get(25).trim().toUpperCase();
  if (code) {
    const status = STATUS[code];
    if (!status) fail(HL7_ERROR.TABLE_VALUE_NOT_FOUND, 'OBR-25 is not a result status HL7 defines', { segment: 'OBR', sequence: g.obr.sequence, field: 25 });
    return status!;
  }
  const obx = g.results.map((r) => r.obx.get(11).trim().toUpperCase()).filter(Boolean);
  if (obx.length && obx.every((s) => s === 'F' || s === 'C')) return obx.includes('C') ? 'corrected' : 'final';
  return 'preliminary';
}

function observationOf(r: Group['results'][number]): LabObservation | undefined {
  const { obx } = r;
  const resultStatus = obx.get(11).trim().toUpperCase();
  if (resultStatus === 'D' || resultStatus === 'W') return undefined;
  const ce = obx.repetitions(3)[0];
  const code = codeOf(ce);
  if (!code) fail(HL7_ERROR.REQUIRED_FIELD_MISSING, 'OBX-3 (observation identifier) is missing', { segment: 'OBX', sequence: obx.sequence, field: 3 });
  const { name, nameEn } = bilingual(ce);
  const { value, numeric } = valueOf(obx, obx.get(2).trim().toUpperCase());
  const unit = (obx.get(6, 1) || obx.get(6, 2)).trim();
  const referenceRange = parseReferenceRange(obx.text(7));
  const interpretation = interpretationFromFlags(obx.repetitions(8).map((f) => f.get(1)));
  const note = r.notes.filter(Boolean).join('\n');
  return {
    code,
    name: name || code,
    ...(nameEn ? { nameEn } : {}),
    value,
    ...(numeric !== undefined ? { numeric } : {}),
    ...(unit ? { unit } : {}),
    ...(referenceRange ? { referenceRange } : {}),
    ...(interpretation ? { interpretation } : {}),
    ...(note ? { note } : {}),
  };
}

/**
 * The lab reports in an ORU^R01 message, one per OBR group. Takes the message text or a parsed
 * message. Throws an Hl7Error: `ack` 'AR' for a message that is not ORU^R01 in HL7 v2.x or has
 * no usable MSH, 'AE' for one whose content cannot be used (no patient id, a bad date, an OBX
 * outside an OBR group, …). The error's message names fields, never their values.
 */
export function parseOru(input: string | Hl7Message, options: OruOptions = {}): LabReport[] {
  const message = typeof input === 'string' ? parseHl7(input) : input;
  checkOruHeader(message);
  const timeZone = options.timeZone ?? DEFAULT_HOSPITAL_TIME_ZONE;
  const types = (options.patientIdTypes ?? ['PI', 'MR']).map((t) => t.toUpperCase());
  const all = groups(message);
  if (!all.length) fail(HL7_ERROR.REQUIRED_FIELD_MISSING, 'The message has no OBR segment', { segment: 'OBR' });
  const sent = dateTimeAt(message.header, 7, timeZone);
  const seen = new Set<string>();
  return all.map((g) => {
    const { obr } = g;
    const at = (field: number): Hl7Location => ({ segment: 'OBR', sequence: obr.sequence, field });
    const service = obr.repetitions(4)[0];
    const { name: title, nameEn: titleEn } = bilingual(service);
    if (!title) fail(HL7_ERROR.REQUIRED_FIELD_MISSING, 'OBR-4 (universal service identifier) is missing', at(4));
    const id = reportIdOf(message, g);
    if (seen.has(id)) fail(HL7_ERROR.DUPLICATE_KEY, 'Two OBR groups have the same order number and test', at(3));
    seen.add(id);
    const issuedAt = dateTimeAt(obr, 22, timeZone) ?? sent;
    if (!issuedAt) fail(HL7_ERROR.REQUIRED_FIELD_MISSING, 'Neither OBR-22 nor MSH-7 gives the time of the results', at(22));
    const collectedAt = dateTimeAt(obr, 7, timeZone);
    const specimen = (g.spm ? g.spm.get(4, 2) || g.spm.get(4, 1) : '').trim() || (obr.get(15, 1, 2) || obr.get(15, 1, 1)).trim();
    const orderingDoctorId = orderingDoctorOf(g);
    const observations = g.results.map(observationOf).filter((o): o is LabObservation => o !== undefined);
    return {
      id,
      patientId: patientIdOf(g.pid, types),
      title,
      ...(titleEn ? { titleEn } : {}),
      ...(specimen ? { specimen } : {}),
      status: statusOf(g),
      ...(orderingDoctorId ? { orderingDoctorId } : {}),
      ...(collectedAt ? { collectedAt } : {}),
      issuedAt: issuedAt!,
      observations,
    };
  });
}
