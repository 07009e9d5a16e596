// Test ECGs as DICOM: a synthetic 12-lead ECG (scripts/ecg-synth.mjs) written by dcmtk's
// dump2dcm as a 12-Lead ECG Waveform Storage object (PS3.3 A.34.3), the way a resting ECG
// cart stores one: a Waveform Sequence holding one multiplex group of 12 channels, 10 s at
// 500 Hz, 16-bit signed samples interleaved channel by channel; each channel's definition
// names its lead with a coded source (MDC codes of CID 3001, or the older SCPECG ones), its
// sensitivity in µV per count (UCUM), baseline, skew and filters. For the DICOMweb adapter's
// tests against a real Orthanc (scripts/orthanc.mjs uploads the files). UIDs are fresh each
// time (newUid, as scripts/dicom-samples.mjs makes them).
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { newUid } from './dicom-samples.mjs';
import { LEADS, synthesizeEcg } from './ecg-synth.mjs';

const run = promisify(execFile);
export const DUMP2DCM = '/usr/bin/dump2dcm';
export const ECG_12_LEAD = '1.2.840.10008.5.1.4.1.1.9.1.1';

/** Each lead's code: MDC (ISO/IEEE 11073-10101, DICOM CID 3001) and SCPECG (the older scheme). */
export const LEAD_CODES = {
  I: { mdc: '2:1', scp: '5.6.3-9-1', meaning: 'Lead I' },
  II: { mdc: '2:2', scp: '5.6.3-9-2', meaning: 'Lead II' },
  III: { mdc: '2:61', scp: '5.6.3-9-61', meaning: 'Lead III' },
  aVR: { mdc: '2:62', scp: '5.6.3-9-62', meaning: 'Lead aVR' },
  aVL: { mdc: '2:63', scp: '5.6.3-9-63', meaning: 'Lead aVL' },
  aVF: { mdc: '2:64', scp: '5.6.3-9-64', meaning: 'Lead aVF' },
  V1: { mdc: '2:3', scp: '5.6.3-9-3', meaning: 'Lead V1' },
  V2: { mdc: '2:4', scp: '5.6.3-9-4', meaning: 'Lead V2' },
  V3: { mdc: '2:5', scp: '5.6.3-9-5', meaning: 'Lead V3' },
  V4: { mdc: '2:6', scp: '5.6.3-9-6', meaning: 'Lead V4' },
  V5: { mdc: '2:7', scp: '5.6.3-9-7', meaning: 'Lead V5' },
  V6: { mdc: '2:8', scp: '5.6.3-9-8', meaning: 'Lead V6' },
};

const DESCRIPTION = { sinus: '窦性心律', afib: '心房颤动', stemi: '急性前壁心肌梗死', longqt: '长 QT' };

/** A dump2dcm value in brackets (no brackets or line breaks inside). */
const v = (value) => `[${String(value).replace(/[[\]\r\n]/g, ' ')}]`;

/** A code sequence item's lines: value, scheme (and version) and meaning. */
const codeItem = (indent, value, scheme, version, meaning) => [
  `${indent}(fffe,e000) na (Item)`,
  `${indent}  (0008,0100) SH ${v(value)}`,
  `${indent}  (0008,0102) SH ${v(scheme)}`,
  ...(version ? [`${indent}  (0008,0103) SH ${v(version)}`] : []),
  `${indent}  (0008,0104) LO ${v(meaning)}`,
  `${indent}(fffe,e00d) na (ItemDelimitationItem)`,
];

const sequence = (indent, tag, items) => [`${indent}(${tag}) SQ (Sequence)`, ...items, `${indent}(fffe,e0dd) na (SequenceDelimitationItem)`];

/** "YYYY-MM-DDTHH:MM:SS" as DA, TM and DT. */
function dicomDate(local) {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})$/.exec(local);
  if (!m) throw new Error(`an ECG's time must be YYYY-MM-DDTHH:MM:SS, not ${local}`);
  return { date: `${m[1]}${m[2]}${m[3]}`, time: `${m[4]}${m[5]}${m[6]}`, dateTime: `${m[1]}${m[2]}${m[3]}${m[4]}${m[5]}${m[6]}` };
}

/** The dump of the data set, its waveform data read from `raw`. */
function ecgDump({ ecg, patientId, patientName, recorded, codes, uids, raw }) {
  const { date, time, dateTime } = dicomDate(recorded);
  const channels = LEADS.map((lead, i) => [
    '    (fffe,e000) na (Item)',
    `      (003a,0202) IS ${v(i + 1)}`,
    `      (003a,0203) SH ${v(lead)}`,
    ...sequence('      ', '003a,0208', codes === 'SCPECG'
      ? codeItem('        ', LEAD_CODES[lead].scp, 'SCPECG', '1.3', LEAD_CODES[lead].meaning)
      : codeItem('        ', LEAD_CODES[lead].mdc, 'MDC', undefined, LEAD_CODES[lead].meaning)),
    `      (003a,0210) DS ${v(ecg.sensitivity)}`,
    ...sequence('      ', '003a,0211', codeItem('        ', 'uV', 'UCUM', '1.4', 'microvolt')),
    '      (003a,0212) DS [1]',
    '      (003a,0213) DS [0]',
    '      (003a,0214) DS [0]',
    '      (003a,021a) US 16',
    '      (003a,0220) DS [0.05]',
    '      (003a,0221) DS [150]',
    '      (003a,0222) DS [50]',
    '    (fffe,e00d) na (ItemDelimitationItem)',
  ]).flat();
  const samples = ecg.leads.I.length;
  return [
    '(0002,0010) UI =LittleEndianExplicit',
    '(0008,0005) CS [ISO_IR 192]',
    `(0008,0016) UI ${v(ECG_12_LEAD)}`,
    `(0008,0018) UI ${v(uids.instance)}`,
    `(0008,0020) DA ${v(date)}`,
    `(0008,0023) DA ${v(date)}`,
    `(0008,002a) DT ${v(dateTime)}`,
    `(0008,0030) TM ${v(time)}`,
    `(0008,0033) TM ${v(time)}`,
    '(0008,0050) SH []',
    '(0008,0060) CS [ECG]',
    '(0008,0070) LO [ihkit synthetic ECG]',
    `(0008,1030) LO ${v(`静息十二导联心电图（${DESCRIPTION[ecg.rhythm]}）`)}`,
    '(0008,103e) LO [12 导联]',
    '(0008,1090) LO [ihkit ECG model 1]',
    `(0010,0010) PN ${v(patientName)}`,
    `(0010,0020) LO ${v(patientId)}`,
    '(0010,0030) DA []',
    '(0010,0040) CS []',
    '(0018,1800) CS [N]',
    '(0018,106a) CS [NO TRIGGER]',
    `(0020,000d) UI ${v(uids.study)}`,
    `(0020,000e) UI ${v(uids.series)}`,
    '(0020,0010) SH [1]',
    '(0020,0011) IS [1]',
    '(0020,0013) IS [1]',
    `(0020,0200) UI ${v(uids.synchronization)}`,
    '(0040,0555) SQ (Sequence)',
    '(fffe,e0dd) na (SequenceDelimitationItem)',
    ...sequence('', '5400,0100', [
      '  (fffe,e000) na (Item)',
      '    (003a,0004) CS [ORIGINAL]',
      `    (003a,0005) US ${LEADS.length}`,
      `    (003a,0010) UL ${samples}`,
      `    (003a,001a) DS ${v(ecg.samplingFrequency)}`,
      '    (003a,0020) SH [RHYTHM]',
      ...sequence('    ', '003a,0200', channels),
      '    (5400,1004) US 16',
      '    (5400,1006) CS [SS]',
      `    (5400,1010) OW =${raw}`,
      '  (fffe,e00d) na (ItemDelimitationItem)',
    ]),
  ].join('\n');
}

/** The leads' counts interleaved (sample by sample, channel by channel), little-endian. */
function interleaved(ecg) {
  const samples = ecg.leads.I.length;
  const out = Buffer.alloc(samples * LEADS.length * 2);
  for (let s = 0; s < samples; s++) {
    for (let c = 0; c < LEADS.length; c++) out.writeInt16LE(ecg.leads[LEADS[c]][s], (s * LEADS.length + c) * 2);
  }
  return out;
}

/**
 * Makes one 12-lead ECG as a DICOM file in a new temp directory (or `dir`).
 *
 *   makeEcg({ rhythm: 'stemi', patientId: 'pat_1', recorded: '2026-05-01T08:30:00' })
 *
 * Resolves to { dir, file, study, series, instance (UIDs), ecg (synthesizeEcg's answer: the
 * counts of each lead, the sensitivity, the R peaks) }. `codes: 'SCPECG'` names the leads with
 * SCPECG codes as older carts do (default MDC).
 * @param {{ rhythm: 'sinus' | 'afib' | 'stemi' | 'longqt', patientId: string, patientName?: string,
 *   recorded?: string, seed?: number, codes?: 'MDC' | 'SCPECG', dir?: string }} options
 */
export async function makeEcg({ rhythm, patientId, patientName = 'Test^Patient', recorded = '2026-05-01T08:30:00', seed, codes = 'MDC', dir = mkdtempSync(join(tmpdir(), 'ihkit-ecg-')) }) {
  const ecg = synthesizeEcg(rhythm, { seed });
  const uids = { study: newUid(), series: newUid(), instance: newUid(), synchronization: newUid() };
  const raw = join(dir, `${rhythm}.raw`);
  const dump = join(dir, `${rhythm}.dump`);
  const file = join(dir, `${rhythm}.dcm`);
  writeFileSync(raw, interleaved(ecg));
  writeFileSync(dump, ecgDump({ ecg, patientId, patientName, recorded, codes, uids, raw }));
  await run(DUMP2DCM, ['-q', '+te', dump, file]);
  return { dir, file, study: uids.study, series: uids.series, instance: uids.instance, ecg };
}
