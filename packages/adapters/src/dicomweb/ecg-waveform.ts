/**
 * A 12-lead ECG read from its DICOM file (PS3.3 A.34.3 12-Lead ECG, C.10.9 Waveform) with
 * dicom-parser: the rhythm multiplex group of the Waveform Sequence, each channel named by its
 * coded source (MDC codes of CID 3001, or the SCPECG codes older carts write; the label when
 * neither is there) and its samples turned into µV by the channel's sensitivity, sensitivity
 * correction factor, baseline and units. The patient's attributes are not read.
 */
import dicomParser, { type DataSet, type Element } from 'dicom-parser';
import { isEcgLead, type EcgLead, type EcgLeadName, type EcgWaveform } from '@ihkit/core';
import { dicomDateTime, dicomDt } from './dicom-json.js';

/** SOP classes whose waveform can be a 12-lead ECG. */
export const ECG_CLASSES: ReadonlySet<string> = new Set([
  '1.2.840.10008.5.1.4.1.1.9.1.1', // 12-Lead ECG Waveform Storage
  '1.2.840.10008.5.1.4.1.1.9.1.2', // General ECG Waveform Storage
]);

const T = {
  sopClassUid: 'x00080016',
  acquisitionDateTime: 'x0008002a',
  contentDate: 'x00080023',
  contentTime: 'x00080033',
  timezoneOffsetFromUtc: 'x00080201',
  manufacturer: 'x00080070',
  model: 'x00081090',
  codeValue: 'x00080100',
  codingScheme: 'x00080102',
  numberOfChannels: 'x003a0005',
  numberOfSamples: 'x003a0010',
  samplingFrequency: 'x003a001a',
  groupLabel: 'x003a0020',
  channelDefinitions: 'x003a0200',
  channelLabel: 'x003a0203',
  channelSource: 'x003a0208',
  sensitivity: 'x003a0210',
  sensitivityUnits: 'x003a0211',
  correctionFactor: 'x003a0212',
  baseline: 'x003a0213',
  filterLow: 'x003a0220',
  filterHigh: 'x003a0221',
  notch: 'x003a0222',
  waveformSequence: 'x54000100',
  bitsAllocated: 'x54001004',
  sampleInterpretation: 'x54001006',
  waveformData: 'x54001010',
} as const;

/** Lead codes: MDC (code value, or its reference id) and SCPECG → the lead. */
const CODED: ReadonlyMap<string, EcgLeadName> = new Map(
  (
    [
      ['I', 1, 1], ['II', 2, 2], ['III', 61, 61], ['aVR', 62, 62], ['aVL', 63, 63], ['aVF', 64, 64],
      ['V1', 3, 3], ['V2', 4, 4], ['V3', 5, 5], ['V4', 6, 6], ['V5', 7, 7], ['V6', 8, 8],
    ] as const
  ).flatMap(([lead, mdc, scp]) => [
    [`MDC:2:${mdc}`, lead],
    [`MDC:MDC_ECG_LEAD_${lead.toUpperCase()}`, lead],
    [`SCPECG:5.6.3-9-${scp}`, lead],
  ]),
);

/** µV in one unit of each UCUM voltage code. */
const MICROVOLTS: Readonly<Record<string, number>> = { nV: 0.001, uV: 1, mV: 1000, V: 1_000_000 };

/** Most samples a lead may have (an hour at 250 Hz): beyond it the file is not a resting ECG. */
const MAX_SAMPLES = 1_000_000;

const items = (ds: DataSet, tag: string): DataSet[] => (ds.elements[tag]?.items ?? []).flatMap((i) => (i.dataSet ? [i.dataSet] : []));

/** A lead's name from a label such as "I", "Lead II", "AVR", "V1". */
function leadFromLabel(label: string | undefined): EcgLeadName | undefined {
  const bare = (label ?? '').trim().replace(/^lead\s*/i, '');
  const spelt = /^av[rlf]$/i.test(bare) ? `aV${bare.slice(2).toUpperCase()}` : bare.toUpperCase();
  return isEcgLead(spelt) ? spelt : undefined;
}

function leadOf(channel: DataSet): EcgLeadName | undefined {
  const source = items(channel, T.channelSource)[0];
  const coded = source && CODED.get(`${source.string(T.codingScheme) ?? ''}:${source.string(T.codeValue) ?? ''}`);
  return coded ?? leadFromLabel(channel.string(T.channelLabel));
}

/** The reader of one sample of `interpretation` at a byte position, and its size. */
function sampleReader(group: DataSet): { bytes: number; read: (position: number) => number } {
  const bytes = group.uint16(T.bitsAllocated) === 8 ? 1 : 2;
  const data = group.byteArray;
  const parser = group.byteArrayParser;
  switch (group.string(T.sampleInterpretation)) {
    case 'SS':
      if (bytes === 2) return { bytes, read: (p) => parser.readInt16(data, p) };
      break;
    case 'US':
      if (bytes === 2) return { bytes, read: (p) => parser.readUint16(data, p) };
      break;
    case 'SB':
      if (bytes === 1) return { bytes, read: (p) => (data[p]! << 24) >> 24 };
      break;
    case 'UB':
      if (bytes === 1) return { bytes, read: (p) => data[p]! };
      break;
  }
  throw new Error(`ECG waveform: samples of ${bytes * 8} bits as ${group.string(T.sampleInterpretation) ?? 'nothing'} are not read`);
}

/** The group holding the rhythm: labelled RHYTHM, else the one with most standard leads and then samples. */
function rhythmGroup(ds: DataSet): DataSet | undefined {
  const groups = items(ds, T.waveformSequence);
  const labelled = groups.find((g) => g.string(T.groupLabel)?.toUpperCase() === 'RHYTHM');
  if (labelled) return labelled;
  const score = (g: DataSet) => items(g, T.channelDefinitions).filter((c) => leadOf(c)).length * MAX_SAMPLES * 10 + (g.uint32(T.numberOfSamples) ?? 0);
  return groups.sort((a, b) => score(b) - score(a))[0];
}

function readLeads(group: DataSet): EcgLead[] {
  const channels = items(group, T.channelDefinitions);
  const count = group.uint16(T.numberOfChannels) ?? channels.length;
  const samples = group.uint32(T.numberOfSamples) ?? 0;
  const data: Element | undefined = group.elements[T.waveformData];
  if (channels.length !== count || !data || samples < 1 || samples > MAX_SAMPLES) throw new Error('ECG waveform: the multiplex group is incomplete');
  const { bytes, read } = sampleReader(group);
  if (data.length < samples * count * bytes) throw new Error('ECG waveform: fewer samples than the group announces');
  const leads: EcgLead[] = [];
  channels.forEach((channel, c) => {
    const name = leadOf(channel);
    if (!name || leads.some((l) => l.name === name)) return; // another signal (a pacing channel) or a lead twice
    const unit = items(channel, T.sensitivityUnits)[0]?.string(T.codeValue) ?? 'uV';
    const perUnit = MICROVOLTS[unit];
    if (perUnit === undefined) throw new Error(`ECG waveform: a lead in ${unit}, not a voltage`);
    const correction = channel.floatString(T.correctionFactor) ?? 1;
    const scale = (channel.floatString(T.sensitivity) ?? 1) * correction * perUnit;
    const offset = (channel.floatString(T.baseline) ?? 0) * correction * perUnit;
    const values = new Array<number>(samples);
    for (let s = 0, p = data.dataOffset + c * bytes; s < samples; s++, p += count * bytes) values[s] = read(p) * scale + offset;
    leads.push({ name, samples: values });
  });
  return leads;
}

/** Attributes that describe the recording, never the patient. */
function recording(ds: DataSet, timeZone: string): Pick<EcgWaveform, 'acquiredAt' | 'filter' | 'device'> {
  const out: Pick<EcgWaveform, 'acquiredAt' | 'filter' | 'device'> = {};
  const offset = ds.string(T.timezoneOffsetFromUtc);
  const acquiredAt = dicomDt(ds.string(T.acquisitionDateTime), offset, timeZone) ?? dicomDateTime(ds.string(T.contentDate), ds.string(T.contentTime), offset, timeZone);
  if (acquiredAt) out.acquiredAt = acquiredAt;
  const device = [ds.string(T.manufacturer), ds.string(T.model)].filter(Boolean).join(' ');
  if (device) out.device = device;
  return out;
}

function filterOf(channel: DataSet | undefined): EcgWaveform['filter'] {
  const filter: NonNullable<EcgWaveform['filter']> = {};
  const [lowHz, highHz, notchHz] = [T.filterLow, T.filterHigh, T.notch].map((t) => channel?.floatString(t));
  if (lowHz !== undefined) filter.lowHz = lowHz;
  if (highHz !== undefined) filter.highHz = highHz;
  if (notchHz !== undefined) filter.notchHz = notchHz;
  return Object.keys(filter).length ? filter : undefined;
}

/**
 * The ECG in a DICOM Part 10 file; undefined when the file is not an ECG waveform (another SOP
 * class, or no group with a standard lead). Throws on a file it cannot parse, and on samples or
 * units it does not read. `timeZone`: the hospital's, for a time without an offset.
 */
export function readEcgWaveform(bytes: Uint8Array, timeZone: string): EcgWaveform | undefined {
  const ds = dicomParser.parseDicom(bytes);
  if (!ECG_CLASSES.has(ds.string(T.sopClassUid) ?? '')) return undefined;
  const group = rhythmGroup(ds);
  if (!group) return undefined;
  const samplingFrequency = group.floatString(T.samplingFrequency);
  if (!samplingFrequency || samplingFrequency <= 0) throw new Error('ECG waveform: no sampling frequency');
  const leads = readLeads(group);
  if (!leads.length) return undefined;
  const sampleCount = leads[0]!.samples.length;
  const waveform: EcgWaveform = { samplingFrequency, sampleCount, durationMs: (sampleCount / samplingFrequency) * 1000, leads, ...recording(ds, timeZone) };
  const filter = filterOf(items(group, T.channelDefinitions)[0]);
  if (filter) waveform.filter = filter;
  return waveform;
}
