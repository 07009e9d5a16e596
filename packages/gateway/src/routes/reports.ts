/** Lab reports from the LIS and imaging studies from the PACS, for those who may read them (reports/access.ts). */
import type { RenderedImage } from '@ihkit/adapters';
import type { OperationHandler, Services } from '../operations.js';
import { HttpProblem } from '../problems.js';
import { readable } from '../organizations/grants.js';
import { checkReportAccess } from '../reports/access.js';

export const listLabReports: OperationHandler<'listLabReports'> = {
  audit: 'lab_report',
  async handle(call, services) {
    await checkReportAccess(call, services, call.params.patientId, 'FORBIDDEN');
    return { body: { items: await services.lis.listReports(call.params.patientId) } };
  },
};

export const getLabReport: OperationHandler<'getLabReport'> = {
  audit: 'lab_report',
  async handle(call, services) {
    call.audit.resourceId = call.params.reportId;
    const report = await services.lis.getReport(call.params.reportId);
    if (!report) throw new HttpProblem('NOT_FOUND');
    await readable(call, services, 'lab-report', report.id, async () => Boolean(await checkReportAccess(call, services, report.patientId, 'NOT_FOUND', report.orderingDoctorId)), async () => true);
    return { body: report };
  },
};

export const listImagingStudies: OperationHandler<'listImagingStudies'> = {
  audit: 'imaging_study',
  async handle(call, services) {
    await checkReportAccess(call, services, call.params.patientId, 'FORBIDDEN');
    if (!services.pacs) return { body: { items: [] } };
    const items = await services.pacs.listStudies(call.params.patientId);
    for (const s of items) services.studyOwners.remember(s.id, s.patientId);
    return { body: { items } };
  },
};

/** The PACS, and the study's patient once the user may read their studies. */
async function openStudy(call: Parameters<OperationHandler['handle']>[0], services: Services, studyId: string) {
  call.audit.resourceId = studyId;
  const pacs = services.pacs;
  const patientId = pacs && (await services.studyOwners.of(pacs, studyId));
  if (!pacs || !patientId) throw new HttpProblem('NOT_FOUND');
  await readable(call, services, 'imaging-study', studyId, async () => Boolean(await checkReportAccess(call, services, patientId, 'NOT_FOUND')), async () => true);
  return pacs;
}

/** A picture as the PACS rendered it; like every API answer it is not stored by caches (the viewer keeps what it shows). */
function picture(image: RenderedImage) {
  return { body: Buffer.from(image.bytes), headers: { 'content-type': image.contentType } };
}

export const getImagingStudy: OperationHandler<'getImagingStudy'> = {
  audit: 'imaging_study',
  async handle(call, services) {
    const pacs = await openStudy(call, services, call.params.studyId);
    const study = await pacs.getStudy(call.params.studyId);
    if (!study) throw new HttpProblem('NOT_FOUND');
    return { body: study };
  },
};

export const getSeriesThumbnail: OperationHandler<'getSeriesThumbnail'> = {
  audit: 'imaging_study',
  async handle(call, services) {
    const pacs = await openStudy(call, services, call.params.studyId);
    return picture(await pacs.thumbnail(call.params.studyId, call.params.seriesId));
  },
};

export const getRenderedFrame: OperationHandler<'getRenderedFrame'> = {
  audit: 'imaging_study',
  async handle(call, services) {
    const { studyId, seriesId, instanceId, frame } = call.params;
    const pacs = await openStudy(call, services, studyId);
    return picture(await pacs.renderFrame(studyId, seriesId, instanceId, frame));
  },
};
