import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  buildAck, decodeHl7, DEFAULT_ENCODING, escapeHl7, frameMllp, Hl7Error, interpretationFromFlags, isHl7Error, MllpDecoder,
  parseHl7, parseHl7DateTime, parseOru, parseReferenceRange,
} from '@ihkit/adapters';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/oru/${name}`, import.meta.url), 'utf8');

const MSH = 'MSH|^~\\&|LIS|HOSP01|IHKIT|IHKIT|20261121103000||ORU^R01|C1|P|2.5.1';
const PID = 'PID|1||P100^^^HOSP01^MR||测试^病人';
const OBR = (extra = '') => `OBR|1|PL1|FL1|GLU^血糖^L|||20261121073000|||||||||D01||||||20261121101500|||F${extra}`;
const OBX = (value = '5.4', flag = 'N', range = '3.9-6.1', type = 'NM') => `OBX|1|${type}|1558-6^空腹血糖^LN||${value}|mmol/L|${range}|${flag}|||F`;
const message = (...segments: string[]) => segments.join('\r');
const one = (text: string) => {
  const reports = parseOru(text);
  assert.equal(reports.length, 1);
  return reports[0]!;
};

/** parseOru(text) throws an Hl7Error with this ack, code and (when given) location. */
function rejects(text: string, ack: 'AE' | 'AR', code: string, where?: { segment: string; field?: number }) {
  assert.throws(() => parseOru(text), (e: unknown) => {
    assert.ok(isHl7Error(e), `an Hl7Error, not ${String(e)}`);
    assert.ok(e instanceof Hl7Error);
    assert.equal(e.ack, ack, e.message);
    assert.equal(e.code, code, e.message);
    if (where) {
      assert.equal(e.location?.segment, where.segment);
      if (where.field !== undefined) assert.equal(e.location?.field, where.field);
    }
    return true;
  });
}

describe('HL7 v2 message parsing', () => {
  test('splits segments on \\r, \\n and \\r\\n, fields, repetitions, components and subcomponents', () => {
    const m = parseHl7('MSH|^~\\&|A|B\r\nPID|1||X1^^^H^MR~X2^^^H^PI||张^三\nOBR|1||F1||||||||||||SER&血清\r\rOBX|1');
    assert.deepEqual(m.segments.map((s) => s.name), ['MSH', 'PID', 'OBR', 'OBX']);
    const pid = m.segment('PID')!;
    assert.equal(pid.get(3, 1, 1, 2), 'X2');
    assert.equal(pid.get(3, 5, 1, 2), 'PI');
    assert.equal(pid.repetitions(3).length, 2);
    assert.equal(pid.get(5, 2), '三');
    assert.equal(m.segment('OBR')!.get(15, 1, 2), '血清');
    assert.equal(m.header.get(1), '|');
    assert.equal(m.header.get(2), '^~\\&');
    assert.equal(m.header.get(3), 'A');
    assert.equal(pid.get(99), '');
    assert.deepEqual(m.segments.map((s) => s.sequence), [1, 1, 1, 1]);
  });

  test('unescapes \\F\\ \\S\\ \\T\\ \\R\\ \\E\\, hex (as UTF-8) and \\.br\\, and drops formatting escapes', () => {
    const m = parseHl7('MSH|^~\\&|A\rNTE|1||a\\F\\b\\S\\c\\T\\d\\R\\e\\E\\f \\XE8A180\\ \\H\\bold\\N\\ x\\.br\\y \\X41\\ \\.sp2\\z');
    assert.equal(m.segment('NTE')!.get(3), 'a|b^c&d~e\\f 血 bold x\ny A \n\nz');
  });

  test('honours the delimiters MSH-1 and MSH-2 declare', () => {
    const m = parseHl7('MSH#$*@%#LIS#H2\rPID#1##ID1$$$H$MR*ID2##张@F@三$A@S@B\rNTE#1##50@X25@ @.br@ok @E@ | ^ ~ \\ &');
    assert.deepEqual(m.encoding, { field: '#', component: '$', repetition: '*', escape: '@', subcomponent: '%' });
    const pid = m.segment('PID')!;
    assert.equal(pid.get(3, 1, 1, 2), 'ID2');
    assert.equal(pid.get(5, 1), '张#三');
    assert.equal(pid.get(5, 2), 'A$B');
    assert.equal(m.segment('NTE')!.get(3), '50% \nok @ | ^ ~ \\ &', 'the usual delimiters are plain text here');
  });

  test('the v2.7 truncation character is read and \\P\\ unescapes to it', () => {
    const m = parseHl7('MSH|^~\\&#|A\rNTE|1||a\\P\\b#c');
    assert.equal(m.encoding.truncation, '#');
    assert.equal(m.segment('NTE')!.get(3), 'a#b#c');
  });

  test('escapeHl7 is the inverse of parsing', () => {
    const text = 'a|b^c&d~e\\f\n第二行';
    for (const enc of [DEFAULT_ENCODING, { field: '#', component: '$', repetition: '*', escape: '@', subcomponent: '%' }]) {
      const m = parseHl7(`MSH${enc.field}${enc.component}${enc.repetition}${enc.escape}${enc.subcomponent}\rNTE${enc.field}1${enc.field}${enc.field}${escapeHl7(text, enc)}`);
      assert.equal(m.segment('NTE')!.get(3), text);
    }
  });

  test('refuses a message without a usable MSH (AR)', () => {
    for (const bad of ['', 'PID|1', 'MSH', 'MSH|^~', 'MSH|^^\\&|A', 'MSHA^~\\&|', 'MSH|^~\\&|A\rpid|1']) {
      assert.throws(() => parseHl7(bad), (e: unknown) => isHl7Error(e) && e.ack === 'AR', JSON.stringify(bad));
    }
  });

  test('decodes UTF-8 (with or without MSH-18), GB 18030 and undeclared GB 18030', () => {
    const utf8 = Buffer.from(`${MSH}||||||UNICODE UTF-8\rOBX|1|ST|X^血红蛋白||血红蛋白`, 'utf8');
    assert.match(decodeHl7(utf8), /OBX\|1\|ST\|X\^血红蛋白\|\|血红蛋白$/);
    assert.match(decodeHl7(Buffer.from(`\uFEFF${MSH}\rNTE|1||血红蛋白`, 'utf8')), /^MSH.*血红蛋白$/s);
    const gb = [0xd1, 0xaa, 0xba, 0xec, 0xb5, 0xb0, 0xb0, 0xd7]; // 血红蛋白 in GB 18030
    const declared = Buffer.concat([Buffer.from(`${MSH}||||||GB 18030-2000\rNTE|1||`), Buffer.from(gb)]);
    assert.match(decodeHl7(declared), /NTE\|1\|\|血红蛋白$/);
    const undeclared = Buffer.concat([Buffer.from(`${MSH}\rNTE|1||`), Buffer.from(gb)]);
    assert.match(decodeHl7(undeclared), /NTE\|1\|\|血红蛋白$/);
    assert.throws(() => decodeHl7(Buffer.from(`${MSH}||||||ISO IR87`)), (e: unknown) => isHl7Error(e) && e.ack === 'AR' && e.location?.field === 18);
  });
});

describe('ORU^R01 to lab reports', () => {
  test('a v2.5.1 blood count: every field the contract has', () => {
    const r = one(fixture('cbc-v2.5.1.hl7'));
    assert.match(r.id, /^lab_[0-9a-f]{20}$/);
    assert.equal(r.patientId, 'P000123', 'the MR identifier, not the first (national id) one');
    assert.equal(r.orderingDoctorId, 'D0457');
    assert.equal(r.title, '血常规');
    assert.equal(r.titleEn, 'Complete blood count');
    assert.equal(r.specimen, '全血');
    assert.equal(r.status, 'final');
    assert.equal(r.collectedAt, '2026-11-20T07:40:00+08:00');
    assert.equal(r.issuedAt, '2026-11-20T09:15:00+08:00');
    assert.deepEqual(r.observations[0], {
      code: '6690-2', name: '白细胞计数', nameEn: 'White blood cells', value: '6.2', numeric: 6.2, unit: '10*9/L',
      referenceRange: { low: 3.5, high: 9.5, text: '3.5-9.5' }, interpretation: 'N',
    });
    assert.equal(r.observations[1]!.interpretation, 'L');
    assert.equal(r.observations[1]!.note, '请结合临床。\n建议复查。', 'NTE after an OBX, its repetitions as lines');
    assert.equal(r.observations[0]!.note, undefined, 'the NTE after the OBR is not a result note');
    assert.equal(r.observations[2]!.interpretation, 'LL');
    assert.deepEqual(r.observations[3], { code: 'MORPH', name: '细胞形态', value: '未见异常细胞' });
  });

  test('several OBR groups give several reports, with stable ids that carry no patient data', () => {
    const text = fixture('renal-lytes-v2.4.hl7');
    const reports = parseOru(text);
    assert.deepEqual(reports.map((r) => r.title), ['肾功能', '电解质']);
    assert.notEqual(reports[0]!.id, reports[1]!.id);
    assert.deepEqual(parseOru(text).map((r) => r.id), reports.map((r) => r.id), 'the same message gives the same ids');
    assert.deepEqual(parseOru(fixture('renal-lytes-corrected-v2.4.hl7')).map((r) => r.id), reports.map((r) => r.id), 'a correction has the same ids');
    for (const r of reports) {
      assert.equal(r.patientId, 'P000456');
      assert.ok(!r.id.includes('P000456') && !r.id.includes('FL9001'));
      assert.equal(r.issuedAt, '2026-11-21T10:15:00+08:00', 'no offset: the hospital time zone');
      assert.equal(r.specimen, '血清', 'OBR-15 when there is no SPM');
    }
    assert.equal(reports[1]!.titleEn, 'Electrolytes');
    assert.equal(reports[1]!.observations[0]!.interpretation, 'HH');
    // Another facility's order with the same number is another report.
    const other = parseOru(text.replace('|LIS|HOSP01|', '|LIS|HOSP99|'));
    assert.notEqual(other[0]!.id, reports[0]!.id);
  });

  test('unusual delimiters, escapes and value types (ST, CE, TX, SN, NM)', () => {
    const r = one(fixture('urinalysis-custom-delimiters-v2.3.1.hl7'));
    assert.equal(r.patientId, 'P000789');
    assert.equal(r.title, '尿常规');
    assert.equal(r.titleEn, 'Urinalysis');
    assert.equal(r.status, 'preliminary');
    assert.equal(r.orderingDoctorId, 'D0457');
    const by = Object.fromEntries(r.observations.map((o) => [o.code, o]));
    assert.deepEqual(by['5811-5'], { code: '5811-5', name: '尿比重', value: '1.020', referenceRange: { low: 1.003, high: 1.03, text: '1.003-1.030' }, interpretation: 'N' }, 'ST: text, no number');
    assert.equal(by['5778-6']!.value, '黄色', 'CE: its text');
    assert.equal(by.COMMENT!.value, '第一行\n第二行 A$B%C * 100% ok@');
    assert.deepEqual([by['2888-6']!.value, by['2888-6']!.numeric], ['<0.15', undefined], 'SN with a comparator is not a plain number');
    assert.deepEqual(by['5803-2']!.referenceRange, { low: 5, high: 8, text: '5.0~8.0' });
    assert.equal(by['5803-2']!.numeric, 6);
  });

  test('UTF-8 Chinese survives end to end, from bytes', () => {
    const bytes = Buffer.from(message(`${MSH}||||||UNICODE UTF-8`, PID, OBR(), 'OBX|1|NM|718-7^血红蛋白^LN^^Hemoglobin||98|g/L|130-175|L|||F', 'NTE|1||复查：血红蛋白偏低'), 'utf8');
    const r = one(decodeHl7(bytes));
    assert.equal(r.observations[0]!.name, '血红蛋白');
    assert.equal(r.observations[0]!.nameEn, 'Hemoglobin');
    assert.equal(r.observations[0]!.note, '复查：血红蛋白偏低');
  });

  test('the Chinese text of a coded element is the name, wherever it is', () => {
    const r = one(message(MSH, PID, OBR().replace('GLU^血糖^L', 'GLU^Glucose^L^^血糖^L'), 'OBX|1|NM|1558-6^Fasting glucose^LN^G1^空腹血糖^L||5.4'));
    assert.deepEqual([r.title, r.titleEn], ['血糖', 'Glucose']);
    assert.deepEqual([r.observations[0]!.name, r.observations[0]!.nameEn], ['空腹血糖', 'Fasting glucose']);
    const english = one(message(MSH, PID, OBR().replace('GLU^血糖^L', 'GLU^Glucose^L'), 'OBX|1|NM|X1^^L||5.4'));
    assert.deepEqual([english.title, english.titleEn], ['Glucose', undefined]);
    assert.equal(english.observations[0]!.name, 'X1', 'no text: the code');
  });

  test('the LOINC code is preferred over a local one', () => {
    const r = one(message(MSH, PID, OBR(), 'OBX|1|NM|GLU01^空腹血糖^99LOCAL^1558-6^Fasting glucose^LN||5.4'));
    assert.equal(r.observations[0]!.code, '1558-6');
  });

  test('PID-3: PI, then MR, then the first identifier; other preferences can be configured; PID-2 as a fallback', () => {
    const pid = (ids: string) => message(MSH, `PID|1||${ids}`, OBR(), OBX());
    assert.equal(one(pid('A1^^^H^NI~B2^^^H^MR~C3^^^H^PI')).patientId, 'C3');
    assert.equal(one(pid('A1^^^H^NI~B2^^^H^MR')).patientId, 'B2');
    assert.equal(one(pid('A1^^^H^NI~B2^^^H^XX')).patientId, 'A1');
    assert.equal(parseOru(pid('A1^^^H^NI~B2^^^H^MR~C3^^^H^PI'), { patientIdTypes: ['NI'] })[0]!.patientId, 'A1');
    assert.equal(one(message(MSH, 'PID|1|OLD7', OBR(), OBX())).patientId, 'OLD7');
  });

  test('the ordering doctor: ORC-12, else OBR-16', () => {
    assert.equal(one(message(MSH, PID, 'ORC|RE|PL1|FL1|||||||||D77^王^医生', OBR(), OBX())).orderingDoctorId, 'D77');
    assert.equal(one(message(MSH, PID, OBR(), OBX())).orderingDoctorId, 'D01');
    assert.equal(one(message(MSH, PID, OBR().replace('|D01|', '||'), OBX())).orderingDoctorId, undefined);
  });

  test('OBR-25 result status, and OBX-11 when OBR-25 is empty', () => {
    const status = (s: string, obx = 'F') => one(message(MSH, PID, OBR().replace(/\|F$/, `|${s}`), OBX().replace(/\|F$/, `|${obx}`))).status;
    assert.equal(status('F'), 'final');
    assert.equal(status('P'), 'preliminary');
    assert.equal(status('C'), 'corrected');
    assert.equal(status('X'), 'cancelled');
    assert.equal(status('R'), 'preliminary');
    assert.equal(status('', 'F'), 'final');
    assert.equal(status('', 'C'), 'corrected');
    assert.equal(status('', 'P'), 'preliminary');
    rejects(message(MSH, PID, OBR().replace(/\|F$/, '|Q'), OBX()), 'AE', '103', { segment: 'OBR', field: 25 });
  });

  test('OBX-8 abnormal flags map to the contract codes; unknown ones to A; none to no interpretation', () => {
    const expected: Record<string, string | undefined> = { N: 'N', H: 'H', L: 'L', HH: 'HH', LL: 'LL', A: 'A', AA: 'AA', '>': 'HH', '<': 'LL', HU: 'H', LU: 'L', h: 'H', U: 'A', D: 'A', W: 'A', POS: 'A', '': undefined, 'H~W': 'H', 'N~LL': 'LL' };
    for (const [flags, interpretation] of Object.entries(expected)) {
      const r = one(message(MSH, PID, OBR(), OBX('5.4', flags)));
      assert.equal(r.observations[0]!.interpretation, interpretation, `OBX-8 ${JSON.stringify(flags)}`);
      assert.equal('interpretation' in r.observations[0]!, interpretation !== undefined);
    }
    assert.equal(interpretationFromFlags([' aa ']), 'AA');
  });

  test('OBX-7 reference ranges', () => {
    const cases: Record<string, unknown> = {
      '3.9-6.1': { low: 3.9, high: 6.1, text: '3.9-6.1' },
      '3.9 - 6.1': { low: 3.9, high: 6.1, text: '3.9 - 6.1' },
      '-3-3': { low: -3, high: 3, text: '-3-3' },
      '<5.2': { high: 5.2, text: '<5.2' },
      '<=5.2': { high: 5.2, text: '<=5.2' },
      '≤5.2': { high: 5.2, text: '≤5.2' },
      '>60': { low: 60, text: '>60' },
      '≥1.0': { low: 1, text: '≥1.0' },
      '阴性': { text: '阴性' },
      'Negative': { text: 'Negative' },
      '6.1-3.9': { text: '6.1-3.9' },
      '': undefined,
    };
    for (const [text, range] of Object.entries(cases)) assert.deepEqual(parseReferenceRange(text), range, text);
    // A sender's unescaped repetition character inside OBX-7 is kept as written.
    assert.deepEqual(one(message(MSH, PID, OBR(), OBX('5.4', 'N', '3.9~6.1'))).observations[0]!.referenceRange, { low: 3.9, high: 6.1, text: '3.9~6.1' });
    assert.equal('referenceRange' in one(message(MSH, PID, OBR(), OBX('5.4', 'N', ''))).observations[0]!, false);
  });

  test('OBX-5: numbers for NM and plain SN, text otherwise; repetitions joined', () => {
    const obs = (type: string, value: string) => one(message(MSH, PID, OBR(), OBX(value, 'N', '', type))).observations[0]!;
    assert.deepEqual([obs('NM', '5.40').value, obs('NM', '5.40').numeric], ['5.40', 5.4]);
    assert.deepEqual([obs('NM', '阳性').value, obs('NM', '阳性').numeric], ['阳性', undefined]);
    assert.deepEqual([obs('SN', '=^12').value, obs('SN', '=^12').numeric], ['12', 12]);
    assert.deepEqual([obs('SN', '^1^:^128').value, obs('SN', '^1^:^128').numeric], ['1:128', undefined]);
    assert.equal(obs('ST', '5.4').numeric, undefined);
    assert.equal(obs('TX', '第一行~第二行').value, '第一行\n第二行');
    assert.equal(obs('FT', 'a\\.br\\b').value, 'a\nb');
    assert.equal(obs('CE', 'POS^阳性^L~NEG^^L').value, '阳性, NEG');
  });

  test('OBX rows deleted (D) or posted in error (W) are left out', () => {
    const r = one(message(MSH, PID, OBR(), OBX('5.4'), OBX('9.9').replace(/\|F$/, '|D'), OBX('9.8').replace(/\|F$/, '|W')));
    assert.deepEqual(r.observations.map((o) => o.value), ['5.4']);
  });

  test('date-times with and without offsets, partial ones, in the configured time zone', () => {
    const at = (v: string, tz = 'Asia/Shanghai') => parseHl7DateTime(v, tz)?.toISOString();
    assert.equal(at('20261121101500'), '2026-11-21T02:15:00.000Z');
    assert.equal(at('20261121101500+0000'), '2026-11-21T10:15:00.000Z');
    assert.equal(at('20261121101500-0530'), '2026-11-21T15:45:00.000Z');
    assert.equal(at('20261121101500.25+0800'), '2026-11-21T02:15:00.250Z');
    assert.equal(at('202611211015'), '2026-11-21T02:15:00.000Z');
    assert.equal(at('20261121'), '2026-11-20T16:00:00.000Z', 'a date is local midnight');
    assert.equal(at('20260701120000', 'Europe/Berlin'), '2026-07-01T10:00:00.000Z', 'summer time');
    for (const bad of ['2026112', '20261321', '20260229', '20261121250000', 'yesterday', '20261121101500+2500']) assert.equal(at(bad), undefined, bad);
    const r = parseOru(message(MSH, PID, OBR(), OBX()), { timeZone: 'UTC' })[0]!;
    assert.equal(r.issuedAt, '2026-11-21T10:15:00+00:00');
    // No OBR-22: MSH-7.
    assert.equal(one(message(MSH, PID, OBR().replace('20261121101500', ''), OBX())).issuedAt, '2026-11-21T10:30:00+08:00');
  });

  test('messages that are not ORU^R01 in v2.x are rejected (AR)', () => {
    rejects(message(MSH.replace('ORU^R01', 'ADT^A01'), PID), 'AR', '200', { segment: 'MSH', field: 9 });
    rejects(message(MSH.replace('ORU^R01', 'ORU^R30'), PID, OBR(), OBX()), 'AR', '201');
    rejects(message(MSH.replace('|2.5.1', '|3.0'), PID, OBR(), OBX()), 'AR', '203', { segment: 'MSH', field: 12 });
    rejects(message(MSH.replace('|C1|', '||'), PID, OBR(), OBX()), 'AR', '101', { segment: 'MSH', field: 10 });
    rejects('garbage', 'AR', '100');
    // ORU_R01 as message structure with an empty event is accepted.
    assert.equal(parseOru(message(MSH.replace('ORU^R01', 'ORU^^ORU_R01'), PID, OBR(), OBX())).length, 1);
  });

  test('ORU^R01 whose content cannot be used gives an application error (AE) saying where', () => {
    rejects(message(MSH, 'PID|1||', OBR(), OBX()), 'AE', '101', { segment: 'PID', field: 3 });
    rejects(message(MSH, 'PID|1||P 100/7', OBR(), OBX()), 'AE', '102', { segment: 'PID', field: 3 });
    rejects(message(MSH, PID, 'ORC|RE|||||||||||D 7', OBR(), OBX()), 'AE', '102', { segment: 'ORC', field: 12 });
    rejects(message(MSH, OBR(), OBX()), 'AE', '100', { segment: 'OBR' });
    rejects(message(MSH, PID, OBX()), 'AE', '100', { segment: 'OBX' });
    rejects(message(MSH, PID), 'AE', '101', { segment: 'OBR' });
    rejects(message(MSH, PID, OBR().replace('|PL1|FL1|', '|||'), OBX()), 'AE', '101', { segment: 'OBR', field: 3 });
    rejects(message(MSH, PID, OBR().replace('GLU^血糖^L', ''), OBX()), 'AE', '101', { segment: 'OBR', field: 4 });
    rejects(message(MSH, PID, OBR().replace('20261121101500', '20261321101500'), OBX()), 'AE', '102', { segment: 'OBR', field: 22 });
    rejects(message(MSH, PID, OBR().replace('20261121073000', 'yesterday'), OBX()), 'AE', '102', { segment: 'OBR', field: 7 });
    rejects(message(MSH.replace('20261121103000', ''), PID, OBR().replace('20261121101500', ''), OBX()), 'AE', '101', { segment: 'OBR', field: 22 });
    rejects(message(MSH, PID, OBR(), 'OBX|1|NM|||5.4'), 'AE', '101', { segment: 'OBX', field: 3 });
    rejects(message(MSH, PID, OBR(), OBX(), OBR(), OBX()), 'AE', '205', { segment: 'OBR', field: 3 });
  });

  test('error messages name fields, never their values', () => {
    try {
      parseOru(message(MSH, 'PID|1||王 秀英', OBR(), OBX()));
      assert.fail('should throw');
    } catch (e) {
      assert.ok(isHl7Error(e));
      assert.doesNotMatch(e.message, /王|秀英/);
    }
  });
});

describe('ACK', () => {
  const split = (ack: string) => ack.split('\r').filter(Boolean).map((s) => s.split('|'));

  test('AA: sender and receiver swapped, MSA-2 the control id, the message\'s version and processing id', () => {
    const m = parseHl7(fixture('cbc-v2.5.1.hl7'));
    const ack = buildAck(m, { code: 'AA', now: new Date('2026-11-21T02:30:00Z') });
    assert.ok(ack.endsWith('\r'));
    const [msh, msa, err] = split(ack);
    assert.deepEqual(msh!.slice(0, 12), ['MSH', '^~\\&', 'IHKIT', 'IHKIT', 'LIS', 'HOSP01^1.2.156.112604.1^ISO', '20261121103000+0800', '', 'ACK^R01^ACK', msh![9]!, 'P', '2.5.1']);
    assert.match(msh![9]!, /^ACK[0-9A-F]{12}$/);
    assert.deepEqual(msa, ['MSA', 'AA', 'MSG00001', 'Message accepted']);
    assert.equal(err, undefined);
    assert.equal(parseHl7(ack).segment('MSA')!.get(2), 'MSG00001', 'the ACK parses');
  });

  test('AE and AR carry the reason in MSA-3 and an ERR segment', () => {
    const m = parseHl7(message(MSH, 'PID|1||', OBR(), OBX()));
    let error: Hl7Error | undefined;
    try {
      parseOru(m);
    } catch (e) {
      error = e as Hl7Error;
    }
    const ack = parseHl7(buildAck(m, { code: error!.ack, error: error! }));
    assert.equal(ack.segment('MSA')!.get(1), 'AE');
    assert.equal(ack.segment('MSA')!.get(2), 'C1');
    assert.match(ack.segment('MSA')!.get(3), /PID-3/);
    const err = ack.segment('ERR')!;
    assert.deepEqual([err.get(1, 1), err.get(1, 2), err.get(1, 3), err.get(1, 4, 1)], ['PID', '1', '3', '101'], 'ERR-1 (v2.3/2.4)');
    assert.deepEqual([err.get(2, 1), err.get(2, 2), err.get(2, 3)], ['PID', '1', '3'], 'ERR-2 (v2.5+)');
    assert.deepEqual([err.get(3, 1), err.get(3, 2), err.get(3, 3)], ['101', 'Required field missing', 'HL70357']);
    assert.equal(err.get(4), 'E');
    assert.match(err.get(8), /PID-3/);
  });

  test('without a readable MSH: AR with an empty MSA-2, default delimiters', () => {
    const ack = parseHl7(buildAck(undefined, { code: 'AR', error: new Hl7Error('100', 'The message does not begin with an MSH segment', 'AR') }));
    assert.deepEqual([ack.segment('MSA')!.get(1), ack.segment('MSA')!.get(2)], ['AR', '']);
    assert.equal(ack.header.get(12), '2.5.1');
  });

  test('answers in the message\'s own delimiters, escaping text, and says UTF-8 when it echoes Chinese', () => {
    const m = parseHl7(fixture('urinalysis-custom-delimiters-v2.3.1.hl7'));
    const ack = buildAck(m, { code: 'AE', error: new Hl7Error('207', 'a#b$c', 'AE') });
    assert.ok(ack.startsWith('MSH#$*@%#IHKIT#IHKIT#LIS#HOSP02#'));
    assert.equal(parseHl7(ack).segment('MSA')!.get(3), 'a#b$c');
    const chinese = parseHl7(buildAck(parseHl7('MSH|^~\\&|检验系统|H|IHKIT|IHKIT|20261121||ORU^R01|C9|P|2.4'), { code: 'AA' }));
    assert.equal(chinese.header.get(5), '检验系统');
    assert.equal(chinese.header.get(18), 'UNICODE UTF-8');
  });
});

describe('MLLP framing', () => {
  test('frames split across chunks, several in one chunk, bytes between frames skipped', () => {
    const a = frameMllp('MSH|^~\\&|A|血');
    const b = frameMllp('MSH|^~\\&|B');
    const all = Buffer.concat([Buffer.from('\r\n'), a, Buffer.from('\n'), b]);
    for (let size = 1; size <= all.length; size++) {
      const d = new MllpDecoder();
      const frames = [];
      for (let i = 0; i < all.length; i += size) frames.push(...d.push(all.subarray(i, i + size)));
      assert.deepEqual(frames.map((f) => (f.kind === 'message' ? f.bytes.toString('utf8') : f.kind)), ['MSH|^~\\&|A|血', 'MSH|^~\\&|B'], `chunks of ${size}`);
      assert.equal(d.pending, false);
    }
  });

  test('a frame over the limit is reported, not buffered, and the next one is read', () => {
    const d = new MllpDecoder(100);
    const big = frameMllp(`MSH|^~\\&|A|B|C|D|E||ORU^R01|BIG1|P|2.4\r${'x'.repeat(5000)}`);
    const frames = [...d.push(big.subarray(0, 3000)), ...d.push(Buffer.concat([big.subarray(3000), frameMllp('MSH|^~\\&|OK')]))];
    assert.equal(frames.length, 2);
    assert.equal(frames[0]!.kind, 'oversized');
    if (frames[0]!.kind === 'oversized') {
      assert.equal(frames[0]!.size, big.length - 3);
      assert.ok(frames[0]!.head.toString().startsWith('MSH|^~\\&|A|B|C|D|E||ORU^R01|BIG1'));
    }
    assert.equal(frames[1]!.kind, 'message');
  });
});
