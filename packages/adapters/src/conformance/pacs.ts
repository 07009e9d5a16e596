import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { PacsAdapter, RenderedImage } from '../pacs.js';
import { assertNewestFirst, assertUnique, rejectsWithCode, UNKNOWN_ID, useSubject, type Subject } from './suite.js';

export interface PacsFixture {
  /** A patient with at least one study; every series has at least one instance. */
  patientId: string;
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
        for (const se of s.series) {
          assert.ok(se.modality, `series ${se.id} needs a modality`);
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
