import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createDemoPacs, withImagingReports, type ImagingReport, type ImagingStudy, type PacsAdapter } from '@ihkit/adapters';
import { pacsConformance } from '@ihkit/adapters/conformance';
import { PATIENT } from '../src/demo/patients.js';

const NOW = new Date('2026-11-23T02:00:00Z');

/** The demo PACS as a PACS that holds no report text (the hospital's RIS does). */
function pacsWithoutReports(): PacsAdapter {
  const pacs = createDemoPacs({ now: () => NOW });
  const strip = ({ report: _, ...study }: ImagingStudy): ImagingStudy => study;
  return {
    ...pacs,
    listStudies: async (patientId) => (await pacs.listStudies(patientId)).map(strip),
    getStudy: async (studyId) => {
      const study = await pacs.getStudy(studyId);
      return study && strip(study);
    },
  };
}

/** The RIS: reports by accession number; the CT's (DM20260002) is there, the chest film's is not. */
const RIS_REPORT: ImagingReport = { status: 'final', findings: '肝实质密度减低。', impression: '脂肪肝。', issuedAt: '2026-11-12T09:15:00+08:00', reporter: '赵文博', verifier: '刘建华' };
const ris = async (study: ImagingStudy) => (study.accession === 'DM20260002' ? RIS_REPORT : undefined);

describe('withImagingReports: the report from the RIS or HIS', () => {
  test('a study gets the report the RIS holds for its accession number, in the list and by its id; others stay as the PACS has them', async () => {
    const asked: string[] = [];
    const pacs = withImagingReports(pacsWithoutReports(), async (study) => {
      asked.push(study.accession!);
      return ris(study);
    });
    const [ct, cr] = await pacs.listStudies(PATIENT.zhangWei);
    assert.deepEqual(ct!.report, RIS_REPORT);
    assert.equal(cr!.report, undefined, 'no report in the RIS: awaiting one');
    assert.deepEqual((await pacs.getStudy(ct!.id))!.report, RIS_REPORT);
    assert.deepEqual(asked.sort(), ['DM20260001', 'DM20260002', 'DM20260002']);
    assert.deepEqual(await pacs.listStudies('pat_nobody'), []);
    assert.equal(await pacs.getStudy('2.25.1'), undefined);
  });

  test('the RIS\'s report replaces the PACS\'s own; where the RIS has none the PACS\'s stays; pictures pass through', async () => {
    const demo = createDemoPacs({ now: () => NOW });
    const pacs = withImagingReports(demo, ris);
    const [ct, cr] = await pacs.listStudies(PATIENT.zhangWei);
    const [demoCt, demoCr] = await demo.listStudies(PATIENT.zhangWei);
    assert.deepEqual(ct!.report, RIS_REPORT);
    assert.deepEqual(cr!.report, demoCr!.report);
    assert.notDeepEqual(demoCt!.report, RIS_REPORT);
    const series = ct!.series[0]!;
    assert.deepEqual(await pacs.thumbnail(ct!.id, series.id), await demo.thumbnail(ct!.id, series.id));
    assert.deepEqual(await pacs.renderFrame(ct!.id, series.id, series.instances[0]!.id, 1), await demo.renderFrame(ct!.id, series.id, series.instances[0]!.id, 1));
    assert.equal(pacs.name, demo.name);
  });

  test('a RIS that fails fails the listing (the gateway answers PACS_UNAVAILABLE), rather than showing reports as not yet issued', async () => {
    const down = new Error('RIS: connection refused');
    const pacs = withImagingReports(pacsWithoutReports(), async () => {
      throw down;
    });
    await assert.rejects(pacs.listStudies(PATIENT.zhangWei), (e) => e === down);
    const [ct] = await pacsWithoutReports().listStudies(PATIENT.zhangWei);
    await assert.rejects(pacs.getStudy(ct!.id), (e) => e === down);
  });
});

pacsConformance('demo PACS with reports from a RIS', async () => {
  const adapter = withImagingReports(pacsWithoutReports(), ris);
  const [ct] = await adapter.listStudies(PATIENT.zhangWei);
  return { adapter, fixture: { patientId: PATIENT.zhangWei, reportedStudyId: ct!.id } };
});
