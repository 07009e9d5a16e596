/**
 * Imaging reports from where the hospital keeps them. The reference DICOMweb adapter reads a
 * study's report from the DICOM SR the reporting system stored in the study; many hospitals
 * keep the text in the RIS or the HIS instead, found by the study's accession number (the
 * order). `withImagingReports` puts such a source in front of any PacsAdapter.
 */
import { mapLimit } from './map-limit.js';
import type { ImagingReport, ImagingStudy, PacsAdapter } from './pacs.js';

/**
 * The report on `study` from the RIS or HIS (by `study.accession`, `study.id` or whatever the
 * system knows the study by), or undefined when it has none. A throw means the system is
 * unavailable: the studies are then not listed (503 PACS_UNAVAILABLE) rather than shown as
 * awaiting a report that may well exist.
 */
export type ImagingReportSource = (study: ImagingStudy) => Promise<ImagingReport | undefined>;

/** Reports one listing asks the source for at once. */
const FAN_OUT = 6;

/**
 * The PACS with each study's report taken from `reportOf`: its report replaces the PACS's
 * own, and where it has none the PACS's report (an SR in the study, if any) stays. Pictures
 * and ECGs pass straight through.
 */
export function withImagingReports(pacs: PacsAdapter, reportOf: ImagingReportSource): PacsAdapter {
  const withReport = async (study: ImagingStudy): Promise<ImagingStudy> => {
    const report = await reportOf(study);
    return report ? { ...study, report } : study;
  };
  return {
    name: pacs.name,
    async listStudies(patientId) {
      return mapLimit(await pacs.listStudies(patientId), FAN_OUT, withReport);
    },
    async getStudy(studyId) {
      const study = await pacs.getStudy(studyId);
      return study && withReport(study);
    },
    thumbnail: (studyId, seriesId) => pacs.thumbnail(studyId, seriesId),
    renderFrame: (studyId, seriesId, instanceId, frame) => pacs.renderFrame(studyId, seriesId, instanceId, frame),
    ...(pacs.ecgWaveform ? { ecgWaveform: pacs.ecgWaveform.bind(pacs) } : {}),
  };
}
