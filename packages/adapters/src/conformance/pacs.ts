import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DOCUMENT_MODALITIES, type ImagingReport, type PacsAdapter, type RenderedImage } from '../pacs.js';
import { assertNewestFirst, assertUnique, isDateTime, rejectsWithCode, UNKNOWN_ID, useSubject, type Subject } from './suite.js';

export interface PacsFixture {
  /** A patient with at least one study; every series has at least one instance. */
  patientId: string;
  /** One of that patient's studies whose report the radiologist has issued (preliminary or final). */
  reportedStudyId?: string;
}

const REPORT_STATUSES: ReadonlyArray<ImagingReport['status']> = ['preliminary', 'final', 'amended'];

/** A report has the fields the widget shows: a known status, some text, a date-time, names as text. */
function assertReport(report: ImagingReport, what: string): void {
  assert.ok(REPORT_STATUSES.includes(report.status), `${what}: status ${String(report.status)} is not one of ${REPORT_STATUSES.join(', ')}`);
  const text = (v: unknown) => typeof v === 'string' && v.trim() !== '';
  assert.ok(text(report.findings) || text(report.impression), `${what}: has neither findings nor an impression (leave \`report\` out until the report is issued)`);
  for (const field of ['findings', 'impression', 'reporter', 'verifier'] as const) {
    if (report[field] !== undefined) assert.ok(text(report[field]), `${what}: ${field} is given but blank`);
  }
  if (report.issuedAt !== undefined) assert.ok(isDateTime(report.issuedAt), `${what}: issuedAt ${report.issuedAt} is not an ISO date-time`);
}

/** The picture's bytes are what its content type says. */
function assertPicture(image: RenderedImage, what: string): void {
  const b = image.bytes;
  assert.ok(b.length > 0, `${what}: no bytes`);
  const png = b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47;
  const jpeg = b[0] === 0xff && b[1] === 0xd8;
  if (image.contentType === 'image/png') assert.ok(png, `${what}: says image/png but the bytes are not a PNG`);
  else if (image.contentType === 'image/jpeg') assert.ok(jpeg, `${what}: says image/jpeg but the bytes are not a JPEG`);
  else assert.fail(`${what}: content type ${String(image.contentType)} is neither image/png nor image/jpeg`);
}

/**
 * Registers node:test tests that check a PacsAdapter against the contract in pacs.ts. Call it
 * at the top level of a test file.
 */
export function pacsConformance(name: string, setup: () => Promise<Subject<PacsAdapter, PacsFixture>>): void {
  describe(`PacsAdapter conformance: ${name}`, () => {
    const subject = useSubject(setup);
    const studies = async () => {
      const { adapter, fixture } = subject();
      return adapter.listStudies(fixture.patientId);
    };

    test('lists the patient\'s studies, newest first, each with series and instances', async () => {
      const { fixture } = subject();
      const list = await studies();
      assert.ok(list.length >= 1, 'the fixture patient should have at least one study');
      assertUnique(list.map((s) => s.id), 'study');
      assertNewestFirst(list, (s) => s.startedAt, 'studies');
      for (const s of list) {
        assert.equal(s.patientId, fixture.patientId, `study ${s.id} belongs to another patient`);
        assert.ok(s.series.length >= 1, `study ${s.id} has no series`);
        assertUnique(s.series.map((se) => se.id), `study ${s.id}'s series`);
        if (s.report) assertReport(s.report, `the report of study ${s.id}`);
        for (const se of s.series) {
          assert.ok(se.modality, `series ${se.id} needs a modality`);
          assert.ok(!DOCUMENT_MODALITIES.has(se.modality), `series ${se.id} is a ${se.modality} document, not pictures: leave it out of series (a report goes in the study's report)`);
          assert.ok(se.instances.length >= 1, `series ${se.id} has no instances`);
          for (const i of se.instances) assert.ok(Number.isInteger(i.frames) && i.frames >= 1, `instance ${i.id} must have at least one frame`);
        }
      }
    });

    test('reads one study by its id, with the same series', async () => {
      const { adapter } = subject();
      const [first] = await studies();
      const one = await adapter.getStudy(first!.id);
      assert.ok(one, `getStudy(${first!.id}) found nothing`);
      assert.equal(one.patientId, first!.patientId);
      assert.deepEqual(one.series.map((s) => s.id).sort(), first!.series.map((s) => s.id).sort());
      assert.deepEqual(one.report, first!.report, `getStudy(${first!.id}) and listStudies disagree on its report`);
    });

    test('a reported study carries its report, in the list and by its id', async (t) => {
      const { adapter, fixture } = subject();
      if (!fixture.reportedStudyId) return t.skip('no reportedStudyId in the fixture');
      const listed = (await studies()).find((s) => s.id === fixture.reportedStudyId);
      assert.ok(listed, `study ${fixture.reportedStudyId} is not among the patient's studies`);
      assert.ok(listed.report, `study ${listed.id} is listed without its report`);
      assertReport(listed.report, `the report of study ${listed.id}`);
      const one = await adapter.getStudy(listed.id);
      assert.deepEqual(one?.report, listed.report, `getStudy(${listed.id}) answers another report than listStudies`);
    });

    test('renders a thumbnail of every series and the first and last frame of an instance', async () => {
      const { adapter } = subject();
      const [first] = await studies();
      for (const se of first!.series) assertPicture(await adapter.thumbnail(first!.id, se.id), `thumbnail of series ${se.id}`);
      const se = first!.series[0]!;
      const instance = se.instances[se.instances.length - 1]!;
      assertPicture(await adapter.renderFrame(first!.id, se.id, instance.id, 1), `frame 1 of instance ${instance.id}`);
      assertPicture(await adapter.renderFrame(first!.id, se.id, instance.id, instance.frames), `frame ${instance.frames} of instance ${instance.id}`);
    });

    test('answers "nothing" for an unknown study or patient, NOT_FOUND for an unknown picture', async () => {
      const { adapter } = subject();
      assert.equal(await adapter.getStudy(UNKNOWN_ID), undefined);
      assert.deepEqual(await adapter.listStudies(UNKNOWN_ID), []);
      const [first] = await studies();
      const se = first!.series[0]!;
      const instance = se.instances[0]!;
      await rejectsWithCode(() => adapter.thumbnail(first!.id, UNKNOWN_ID), 'NOT_FOUND', 'thumbnail of an unknown series');
      await rejectsWithCode(() => adapter.renderFrame(first!.id, se.id, UNKNOWN_ID, 1), 'NOT_FOUND', 'frame of an unknown instance');
      await rejectsWithCode(() => adapter.renderFrame(first!.id, se.id, instance.id, instance.frames + 1), 'NOT_FOUND', 'a frame past the last one');
    });
  });
}
