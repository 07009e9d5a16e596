/** Whose study: remembered from listings, forgotten after its time so a moved study is asked about again. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { PacsAdapter } from '@ihkit/adapters';
import { STUDY_OWNER_TTL_MS, StudyOwners } from '../src/reports/studies.js';

/** A PACS that knows one study, whose patient the test changes, counting what it is asked. */
function pacsWith(owner: { patientId: string }) {
  const asked: string[] = [];
  const pacs = {
    async getStudy(id: string) {
      asked.push(id);
      return id === 'st_1' ? { id, patientId: owner.patientId } : undefined;
    },
  } as unknown as PacsAdapter;
  return { pacs, asked };
}

test('a study moved to another patient is seen once what was remembered expires on the gateway\'s clock; until then the PACS is not asked', async () => {
  let clock = Date.parse('2026-03-02T08:00:00Z'); // the gateway's clock, which tests move
  const owner = { patientId: 'pat_a' };
  const { pacs, asked } = pacsWith(owner);
  const owners = new StudyOwners(() => clock);
  owners.remember('st_1', 'pat_a'); // from a listing
  assert.equal(await owners.of(pacs, 'st_1'), 'pat_a');
  assert.deepEqual(asked, [], 'answered from memory');

  owner.patientId = 'pat_b'; // the PACS merges the study into another patient's record
  clock += STUDY_OWNER_TTL_MS - 1;
  assert.equal(await owners.of(pacs, 'st_1'), 'pat_a', 'still remembered');
  clock += 1;
  assert.equal(await owners.of(pacs, 'st_1'), 'pat_b', 'asked again after its time');
  assert.deepEqual(asked, ['st_1']);
  assert.equal(await owners.of(pacs, 'st_1'), 'pat_b');
  assert.deepEqual(asked, ['st_1'], 'the fresh answer is remembered');
  assert.equal(await owners.of(pacs, 'st_unknown'), undefined);
});
