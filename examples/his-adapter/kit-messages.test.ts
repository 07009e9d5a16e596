/**
 * The conformance kit says what to fix: for each deliberate mistake in broken-adapters.ts, the
 * kit's failure names the adapter call, its arguments and what the contract expects — and only
 * the check that covers the mistake fails.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const file = fileURLToPath(new URL('./broken-adapters.ts', import.meta.url));

/** The kit's output for each broken adapter, by mistake: its failing checks and its lines. */
function runKit(): Map<string, { failed: string[]; output: string }> {
  // Without the parent runner's NODE_TEST_CONTEXT the child reports on its own, as an integrator sees it.
  const { NODE_TEST_CONTEXT: _, ...env } = process.env;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', file], {
    env: { ...env, IHKIT_BROKEN_ADAPTERS: '1' }, encoding: 'utf8', timeout: 120_000,
  });
  const out = (r.stdout + r.stderr).slice(0, (r.stdout + r.stderr).indexOf('failing tests:'));
  const suites = new Map<string, { failed: string[]; output: string }>();
  for (const part of out.split(/^▶ HisAdapter conformance: broken: /m).slice(1)) {
    const mistake = part.slice(0, part.indexOf('\n'));
    suites.set(mistake, { failed: [...part.matchAll(/^ {2}✖ (.+) \([\d.]+ms\)$/gm)].map((m) => m[1]!), output: part });
  }
  return suites;
}

const EXPECTED: Array<[mistake: string, check: string | string[], message: RegExp]> = [
  ['getSlot throws for an unknown id', 'lists slots within the dates asked, each readable by its id',
    /getSlot\('<unknown id>'\) must answer undefined; it threw Error: HIS said 1001/],
  ['listDoctors ignores the department', 'lists departments and the doctors in each',
    /listDoctors\(\{ departmentId: 'K0\d' \}\) must list only that department's doctors/],
  ['book ignores the Idempotency-Key', ['books a slot once per Idempotency-Key and cancels it once', 'books once when retries with one Idempotency-Key race'],
    /book\(\{ slotId: 'H\w+', patientId: 'BR000011', idempotencyKey: 'conformance:[\w-]+' \}\) \(the same Idempotency-Key again\) must answer the first appointment; it threw AdapterError\('ALREADY_BOOKED'\)/],
  ['cancel refuses a cancelled appointment', 'books a slot once per Idempotency-Key and cancels it once',
    /cancel\('GH\d+'\) \(a second time\) must answer the cancelled appointment unchanged; it threw Error: HIS said 1006/],
  ['reschedule refuses the slot it is in', 'reschedules an appointment in one step: the new place taken and the old one freed together, once',
    /reschedule\('GH\d+', 'H\w+'\) \(the same move again\) must answer the appointment unchanged; it threw Error: HIS said 1003/],
  ['ALREADY_BOOKED is not mapped', 'refuses a second appointment with the same doctor on the same day (ALREADY_BOOKED)',
    /book\(\{ slotId: 'H\w+', patientId: 'BR000012', .*\}\) \(the patient already holds H\w+, same doctor, same day\) must throw AdapterError\('ALREADY_BOOKED'\); book\(.*\) threw Error: HIS said 1003/],
  ['SLOT_NOT_FOUND is not mapped', 'refuses an unknown slot with SLOT_NOT_FOUND',
    /book\(\{ slotId: '<unknown id>', patientId: 'BR000011', .*\}\) must throw AdapterError\('SLOT_NOT_FOUND'\); .*threw Error: HIS said 1001/],
  ['findPatient ignores the ID number', 'finds patients by id, ID number and card number, and their visits with diagnoses',
    /findPatient\(\{ idNumber: <patient BR000011's> \}\) must answer patient BR000011/],
  ['searchDrugs ignores the limit', 'searches the drug catalog and reads drugs by id',
    /searchDrugs\('阿司匹林', 3\) must answer at most 3 drugs, got 4/],
  ['getDrugs throws for an unknown id', 'searches the drug catalog and reads drugs by id',
    /getDrugs\(\[ 'YP002', '<unknown id>' \]\) must answer the drugs that exist; it threw Error: HIS said 2001/],
  ['interaction severity is the HIS\'s own', 'lists the interactions among drugs',
    /listInteractions\(\[ \{ id: 'YP00\d'.*\]\): severity must be 'major' or 'moderate', got yz/],
  ['appointments have no number, undeclared', 'gives each appointment the hospital\'s own number, when it gives one: readable, its own, the same on every read',
    /declare why it does not apply to your HIS: notApplicable: \{ 'appointment-numbers': '…' \}/],
  ['a control class not recorded reads as none', 'a drug the HIS records no control class for is not offered as prescribable online',
    /getDrugs\(\['YP006'\]\): the drug has no control class at the HIS but came back as 'none': answer 'unknown'/],
  ['a visit of no type reads as outpatient', 'a visit whose kind the HIS does not record does not count as an offline visit',
    /listEncounters\('BR000004'\): encounter JZ9 has no kind at the HIS but came back as 'outpatient': answer 'unknown'/],
  ['the permission\'s end date is not read', 'tells a doctor permitted to practise online from one who is not, and knows the pharmacist',
    /getPractitioner\('Y1002'\): the doctor holds no internet-practice permission today, yet the record reads as permitted/],
];

const kit = runKit();
for (const [mistake, check, message] of EXPECTED) {
  test(`the kit names what to fix when ${mistake}`, () => {
    const run = kit.get(mistake);
    assert.ok(run, `the kit ran no suite for ${mistake}`);
    assert.deepEqual(run.failed, [check].flat(), `only the checks that cover the mistake fail\n${run.output}`);
    assert.match(run.output, message);
  });
}

test('every mistake is checked', () => assert.deepEqual([...kit.keys()].sort(), EXPECTED.map(([m]) => m).sort()));
