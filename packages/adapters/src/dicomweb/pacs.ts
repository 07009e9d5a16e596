import { AdapterError } from '../errors.js';
import { Lru } from '../lru.js';
import { mapLimit } from '../map-limit.js';
import { DOCUMENT_MODALITIES, type ImagingInstance, type ImagingReport, type ImagingSeries, type ImagingStudy, type PacsAdapter, type RenderedImage } from '../pacs.js';
import { dicomWebClient, type HeadersSource, type Query } from './client.js';
import { dicomDateTime, integer, isUid, TAG, text, texts, type DicomJson } from './dicom-json.js';
import { currentReport, readSrReport, TEXT_SR_CLASSES } from './sr-report.js';
import { readEcgWaveform } from './ecg-waveform.js';

export interface DicomWebPacsOptions {
  /** The DICOMweb root, QIDO-RS and WADO-RS under it: e.g. `https://pacs.hospital.example/dicom-web`. */
  baseUrl: string;
  /** Sent with every request, e.g. `{ authorization: 'Bearer …' }`; a function is asked each time (tokens that expire). */
  headers?: HeadersSource;
  /** Time limit of each request to the PACS, in ms (default 10 000). */
  timeoutMs?: number;
  /** IANA time zone of the hospital: DICOM dates and times are its wall-clock time (default Asia/Shanghai). */
  timeZone?: string;
  /** Side of the square a thumbnail fits in, in pixels (default 96). */
  thumbnailSize?: number;
  /** What pictures to ask the PACS for (default PNG: lossless, and every archive renders it). */
  format?: RenderedImage['contentType'];
  /** The adapter's name in logs and health checks (default 'dicomweb'). */
  name?: string;
  /** A fetch of your own (a proxy, mutual TLS). */
  fetch?: typeof fetch;
}

/** Study attributes asked for by name: some archives leave description and offset out by default. */
const STUDY_FIELDS = [TAG.studyDate, TAG.studyTime, TAG.accessionNumber, TAG.modalitiesInStudy, TAG.timezoneOffsetFromUtc, TAG.studyDescription, TAG.patientId];
const SERIES_FIELDS = [TAG.modality, TAG.seriesNumber, TAG.seriesDescription];
const INSTANCE_FIELDS = [TAG.instanceNumber, TAG.numberOfFrames];
/** Requests one listing sends at once (a patient's studies and their series). */
const FAN_OUT = 6;
/** A patient id that QIDO would read as a pattern (wildcards, a list) is no patient's. */
const NOT_A_PLAIN_VALUE = /[*?\\,]|^\s*$/;

const fields = (tags: readonly string[]): Query => tags.map((t) => ['includefield', t] as const);

const isPictures = (modality: string) => !DOCUMENT_MODALITIES.has(modality);

const byNumber = <T extends { id: string; number?: number }>(a: T, b: T) =>
  (a.number ?? Number.MAX_SAFE_INTEGER) - (b.number ?? Number.MAX_SAFE_INTEGER) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

const notFound = (what: string) => new AdapterError('NOT_FOUND', `no such ${what} in the PACS`);

/**
 * The reference PacsAdapter: any PACS that speaks DICOMweb (Orthanc with its DICOMweb plugin,
 * dcm4chee, Google/Azure health imaging, …). Studies are found with QIDO-RS by the HIS patient
 * id in PatientID (0010,0020); thumbnails and frames are WADO-RS rendered resources, so the
 * PACS does the decoding and windowing and no pixel data passes through the gateway. The
 * study's report is read from the text SR documents in its SR series (QIDO-RS for the
 * instances, WADO-RS metadata for their content; sr-report.ts reads them).
 *
 * Every picture request first checks, with QIDO-RS at the series' path, that the instance
 * belongs to that series of that study (and the frame to the instance), so a caller who may
 * see a study cannot reach another study's pictures by pairing ids. Frame counts and each
 * series' thumbnail instance are remembered (they do not change), which keeps scrolling
 * through a series at one request per frame.
 *
 * A 12-lead ECG stored as a DICOM waveform object is retrieved whole (WADO-RS, the instance's
 * DICOM file) and read with dicom-parser (ecg-waveform.ts).
 */
export function createDicomWebPacs(options: DicomWebPacsOptions): PacsAdapter {
  const client = dicomWebClient({
    baseUrl: options.baseUrl,
    headers: options.headers,
    timeoutMs: options.timeoutMs ?? 10_000,
    fetch: options.fetch ?? globalThis.fetch,
  });
  const timeZone = options.timeZone ?? 'Asia/Shanghai';
  const thumbnailSize = options.thumbnailSize ?? 96;
  const format = options.format ?? 'image/png';
  /** `study/series/instance` → its number of frames. */
  const frameCounts = new Lru<string, number>(5_000);
  /** `study/series` → the instance its thumbnail shows. */
  const thumbnailInstances = new Lru<string, string>(1_000);

  const seriesPath = (study: string, series: string) => `/studies/${study}/series/${series}`;

  // `signal`, the caller's, goes with every request a call makes.
  const instancesOf = async (study: string, series: string, query: Query, signal: AbortSignal | undefined): Promise<ImagingInstance[]> => {
    const found = await client.search(`${seriesPath(study, series)}/instances`, [...query, ...fields(INSTANCE_FIELDS)], signal);
    const instances: ImagingInstance[] = [];
    for (const item of found) {
      const id = text(item, TAG.sopInstanceUid);
      if (!isUid(id)) continue;
      const frames = Math.max(1, integer(item, TAG.numberOfFrames) ?? 1);
      const number = integer(item, TAG.instanceNumber);
      instances.push(number === undefined ? { id, frames } : { id, number, frames });
      frameCounts.set(`${study}/${series}/${id}`, frames);
    }
    instances.sort(byNumber);
    if (instances.length && !query.length) thumbnailInstances.set(`${study}/${series}`, instances[Math.floor((instances.length - 1) / 2)]!.id);
    return instances;
  };

  /** The series of pictures among the study's series (`found`), each with its instances. */
  const picturesOf = async (study: string, found: readonly DicomJson[], signal: AbortSignal | undefined): Promise<ImagingSeries[]> => {
    const series = await mapLimit(found, FAN_OUT, async (item): Promise<ImagingSeries> => {
      const id = text(item, TAG.seriesInstanceUid)!;
      const s: ImagingSeries = { id, modality: text(item, TAG.modality) ?? 'OT', instances: await instancesOf(study, id, [], signal) };
      const number = integer(item, TAG.seriesNumber);
      if (number !== undefined) s.number = number;
      const description = text(item, TAG.seriesDescription);
      if (description) s.description = description;
      return s;
    });
    // a series being deleted (or not yet stored) has no instances to show
    return series.filter((s) => s.instances.length > 0).sort(byNumber);
  };

  /** The study's report from the text SR documents in its SR series; undefined when none holds one. */
  const reportOf = async (study: string, srSeries: readonly string[], signal: AbortSignal | undefined): Promise<ImagingReport | undefined> => {
    const documents = (await mapLimit(srSeries, FAN_OUT, async (series) => {
      const found = await client.search(`${seriesPath(study, series)}/instances`, fields([TAG.sopClassUid]), signal);
      // a dose report or a CAD result is no report; an answer without the class leaves it to the metadata
      const maybeText = (item: DicomJson) => {
        const sopClass = text(item, TAG.sopClassUid);
        return isUid(text(item, TAG.sopInstanceUid)) && (sopClass === undefined || TEXT_SR_CLASSES.has(sopClass));
      };
      return mapLimit(found.filter(maybeText), FAN_OUT, async (item) => {
        const [doc] = await client.metadata(`${seriesPath(study, series)}/instances/${text(item, TAG.sopInstanceUid)!}/metadata`, signal);
        return doc && readSrReport(doc, timeZone);
      });
    })).flat();
    return currentReport(documents.filter((d) => d !== undefined));
  };

  /** The study's series of pictures, and its report. */
  const contentsOf = async (study: string, signal: AbortSignal | undefined): Promise<{ series: ImagingSeries[]; report?: ImagingReport }> => {
    const found = (await client.search(`/studies/${study}/series`, fields(SERIES_FIELDS), signal)).filter((item) => isUid(text(item, TAG.seriesInstanceUid)));
    const modalityOf = (item: DicomJson) => text(item, TAG.modality) ?? 'OT';
    const srSeries = found.filter((item) => modalityOf(item) === 'SR').map((item) => text(item, TAG.seriesInstanceUid)!);
    const [series, report] = await Promise.all([picturesOf(study, found.filter((item) => isPictures(modalityOf(item))), signal), reportOf(study, srSeries, signal)]);
    return report ? { series, report } : { series };
  };

  /** The study with its series, or undefined when it has none left or no patient id. */
  const studyOf = async (item: DicomJson, signal: AbortSignal | undefined): Promise<ImagingStudy | undefined> => {
    const id = text(item, TAG.studyInstanceUid);
    const patientId = text(item, TAG.patientId);
    if (!isUid(id) || !patientId) return undefined;
    const { series, report } = await contentsOf(id, signal);
    if (!series.length) return undefined;
    const modalities = texts(item, TAG.modalitiesInStudy).filter(isPictures);
    const study: ImagingStudy = { id, patientId, modalities: modalities.length ? modalities : [...new Set(series.map((s) => s.modality))], series };
    const description = text(item, TAG.studyDescription);
    if (description) study.description = description;
    const startedAt = dicomDateTime(text(item, TAG.studyDate), text(item, TAG.studyTime), text(item, TAG.timezoneOffsetFromUtc), timeZone);
    if (startedAt) study.startedAt = startedAt;
    const accession = text(item, TAG.accessionNumber);
    if (accession) study.accession = accession;
    if (report) study.report = report;
    return study;
  };

  const picture = async (path: string, query: Query, what: string, signal: AbortSignal | undefined): Promise<RenderedImage> => {
    const image = await client.rendered(path, query, format, signal);
    if (!image) throw notFound(what);
    return image;
  };

  return {
    name: options.name ?? 'dicomweb',

    async listStudies(patientId, o) {
      if (NOT_A_PLAIN_VALUE.test(patientId)) return [];
      const found = await client.search('/studies', [['PatientID', patientId], ...fields(STUDY_FIELDS)], o?.signal);
      // exact match only: some archives match PatientID loosely (case, fuzzy matching)
      const mine = found.filter((item) => text(item, TAG.patientId) === patientId);
      const studies = (await mapLimit(mine, FAN_OUT, (item) => studyOf(item, o?.signal))).filter((s): s is ImagingStudy => s !== undefined);
      const at = (s: ImagingStudy) => (s.startedAt ? Date.parse(s.startedAt) : -Infinity);
      return studies.sort((a, b) => at(b) - at(a) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    },

    async getStudy(studyId, o) {
      if (!isUid(studyId)) return undefined;
      const found = await client.search('/studies', [['StudyInstanceUID', studyId], ...fields(STUDY_FIELDS)], o?.signal);
      const item = found.find((x) => text(x, TAG.studyInstanceUid) === studyId);
      return item && studyOf(item, o?.signal);
    },

    async thumbnail(studyId, seriesId, o) {
      if (!isUid(studyId) || !isUid(seriesId)) throw notFound('series');
      const key = `${studyId}/${seriesId}`;
      let instance = thumbnailInstances.get(key);
      if (!instance) {
        await instancesOf(studyId, seriesId, [], o?.signal);
        instance = thumbnailInstances.get(key);
      }
      if (!instance) throw notFound('series');
      return picture(`${seriesPath(studyId, seriesId)}/instances/${instance}/rendered`, [['viewport', `${thumbnailSize},${thumbnailSize}`]], 'series', o?.signal);
    },

    async renderFrame(studyId, seriesId, instanceId, frame, o) {
      if (!isUid(studyId) || !isUid(seriesId) || !isUid(instanceId)) throw notFound('instance');
      if (!Number.isInteger(frame) || frame < 1) throw notFound('frame');
      const key = `${studyId}/${seriesId}/${instanceId}`;
      let frames = frameCounts.get(key);
      if (frames === undefined) {
        await instancesOf(studyId, seriesId, [['SOPInstanceUID', instanceId]], o?.signal);
        frames = frameCounts.get(key);
      }
      if (frames === undefined) throw notFound('instance');
      // asked past the last frame, some archives answer 400 rather than 404
      if (frame > frames) throw notFound('frame');
      return picture(`${seriesPath(studyId, seriesId)}/instances/${instanceId}/frames/${frame}/rendered`, [], 'frame', o?.signal);
    },

    async ecgWaveform(studyId, seriesId, instanceId, o) {
      if (!isUid(studyId) || !isUid(seriesId) || !isUid(instanceId)) throw notFound('ECG');
      // the instance's own path: an archive answers 404 for an instance not in that series of that study
      const file = await client.instance(`${seriesPath(studyId, seriesId)}/instances/${instanceId}`, o?.signal);
      const waveform = file && readEcgWaveform(file, timeZone);
      if (!waveform) throw notFound('ECG');
      return waveform;
    },
  };
}
