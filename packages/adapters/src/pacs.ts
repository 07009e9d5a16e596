import type { EcgWaveform, ImagingInstance, ImagingReport, ImagingSeries, ImagingStudy } from '@ihkit/core';
import type { AdapterCallOptions } from './call-options.js';

export type { EcgWaveform, ImagingInstance, ImagingReport, ImagingSeries, ImagingStudy };

/**
 * Modalities of series that hold documents, not pictures: structured reports (the report's
 * SR), key-object selections, presentation states, encapsulated documents. They are never
 * among a study's `series`.
 */
export const DOCUMENT_MODALITIES: ReadonlySet<string> = new Set(['SR', 'KO', 'PR', 'DOC']);

/** A picture rendered by the PACS (or the adapter) for a browser. */
export interface RenderedImage {
  contentType: 'image/png' | 'image/jpeg';
  bytes: Uint8Array;
}

/**
 * What ihkit needs from a PACS. The reference adapter speaks DICOMweb (QIDO-RS to search,
 * WADO-RS rendered resources for pictures, the report from a DICOM SR in the study);
 * `@ihkit/adapters/conformance` checks an implementation.
 *
 * Contract for implementers:
 * - Studies carry the HIS patient id in `patientId`. `listStudies` returns the patient's
 *   studies newest first, each with its series and their instances; [] for a patient the PACS
 *   does not know. `getStudy` returns undefined for an unknown study.
 * - A study carries its radiologist's report in `report` once one is issued, in both
 *   `listStudies` and `getStudy`; without one the study is shown as awaiting its report. Where
 *   the RIS or HIS holds the text rather than the PACS, wrap the adapter with
 *   `withImagingReports` (imaging-reports.ts). `series` holds pictures only: a document in the
 *   study (the report's SR, a key-object selection) is not a series to view.
 * - `thumbnail` and `renderFrame` return PNG or JPEG bytes; for a study, series, instance or
 *   frame that does not exist they throw `AdapterError('NOT_FOUND', …)`.
 * - Anything else thrown means "PACS unavailable".
 */
export interface PacsAdapter {
  readonly name: string;
  listStudies(patientId: string, options?: AdapterCallOptions): Promise<ImagingStudy[]>;
  getStudy(studyId: string, options?: AdapterCallOptions): Promise<ImagingStudy | undefined>;
  /** A small picture of the series, for a list. */
  thumbnail(studyId: string, seriesId: string, options?: AdapterCallOptions): Promise<RenderedImage>;
  /** One frame (1-based) of an instance, full size, for the viewer. */
  renderFrame(studyId: string, seriesId: string, instanceId: string, frame: number, options?: AdapterCallOptions): Promise<RenderedImage>;
  /**
   * The 12-lead ECG stored as an instance (a DICOM ECG waveform object, as carts store them):
   * its leads in µV, sampling frequency and duration, nothing naming the patient. Throws
   * `AdapterError('NOT_FOUND', …)` when the instance does not exist in that series of that
   * study or holds no ECG. Optional: a PACS without ECGs leaves it out.
   */
  ecgWaveform?(studyId: string, seriesId: string, instanceId: string, options?: AdapterCallOptions): Promise<EcgWaveform>;
  /**
   * Calls `fn` with every study that arrives in the PACS (its id and patient) from the moment
   * the returned promise resolves, until the function it resolves to is called; a study may
   * come more than once. Optional: without it patients hear of new studies when they next
   * open their reports.
   */
  watch?(fn: (study: Pick<ImagingStudy, 'id' | 'patientId'>) => void, options?: AdapterCallOptions): Promise<() => void>;
}
