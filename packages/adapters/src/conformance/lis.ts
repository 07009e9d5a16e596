import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { LabReport } from '@ihkit/core';
import { isCritical, type LisAdapter } from '../lis.js';
import { assertNewestFirst, assertUnique, isDateTime, UNKNOWN_ID, useSubject, type Subject } from './suite.js';

export interface LisFixture {
  /** A patient with at least two reports, one result outside its reference range. */
  patientId: string;
  /** An observation code with a numeric value in at least two of that patient's reports (a trend). */
  repeatedCode?: string;
  /** A report of that patient holding a critical value (HH, LL or AA). */
  criticalReportId?: string;
  /**
   * Makes a new report with a critical value arrive at the LIS (send an ORU^R01, create a
   * DiagnosticReport). With it, the suite checks that `watch` delivers that report.
   */
  arrive?: () => Promise<void>;
}

const INTERPRETATIONS = new Set(['N', 'H', 'L', 'HH', 'LL', 'A', 'AA']);
const STATUSES = new Set(['preliminary', 'final', 'corrected', 'cancelled']);

/**
 * Registers node:test tests that check a LisAdapter against the contract in lis.ts. Call it
 * at the top level of a test file:
 *
 *   lisConformance('our LIS', async () => ({ adapter: createOurLis(…), fixture: { patientId: 'p1' } }));
 */
export function lisConformance(name: string, setup: () => Promise<Subject<LisAdapter, LisFixture>>): void {
  describe(`LisAdapter conformance: ${name}`, () => {
    const subject = useSubject(setup);
    const reports = async () => {
      const { adapter, fixture } = subject();
      return adapter.listReports(fixture.patientId);
    };

    test('lists the patient\'s reports, newest first, and only theirs', async () => {
      const { fixture } = subject();
      const list = await reports();
      assert.ok(list.length >= 2, `the fixture patient should have at least two reports, got ${list.length}`);
      assertUnique(list.map((r) => r.id), 'report');
      for (const r of list) assert.equal(r.patientId, fixture.patientId, `report ${r.id} belongs to another patient`);
      assertNewestFirst(list, (r) => r.issuedAt, 'reports');
    });

    test('every report and result has the fields the widgets show', async () => {
      for (const r of await reports()) {
        assert.ok(r.id && r.title, `report ${r.id} needs an id and a title`);
        assert.ok(STATUSES.has(r.status), `report ${r.id}: status ${r.status} is not one of ${[...STATUSES].join(', ')}`);
        assert.ok(isDateTime(r.issuedAt), `report ${r.id}: issuedAt ${r.issuedAt} is not an ISO date-time`);
        if (r.collectedAt !== undefined) assert.ok(isDateTime(r.collectedAt), `report ${r.id}: collectedAt ${r.collectedAt} is not an ISO date-time`);
        for (const o of r.observations) {
          assert.ok(o.code && o.name, `report ${r.id}: every result needs a code and a name`);
          assert.equal(typeof o.value, 'string', `report ${r.id}, ${o.code}: value must be the text of the result`);
          if (o.numeric !== undefined) assert.ok(Number.isFinite(o.numeric), `report ${r.id}, ${o.code}: numeric must be a finite number`);
          if (o.interpretation !== undefined) assert.ok(INTERPRETATIONS.has(o.interpretation), `report ${r.id}, ${o.code}: interpretation ${o.interpretation} is not an HL7 code`);
          const range = o.referenceRange;
          if (range?.low !== undefined && range.high !== undefined) assert.ok(range.low <= range.high, `report ${r.id}, ${o.code}: reference range low above high`);
        }
      }
    });

    test('flags a result outside its reference range', async () => {
      const flagged = (await reports()).flatMap((r) => r.observations).filter((o) => o.interpretation && o.interpretation !== 'N');
      assert.ok(flagged.length > 0, 'the fixture patient should have at least one abnormal result, flagged with an interpretation code');
    });

    test('reads one report by its id, the same as listed', async () => {
      const { adapter } = subject();
      const [first] = await reports();
      const one = await adapter.getReport(first!.id);
      assert.ok(one, `getReport(${first!.id}) found nothing`);
      assert.equal(one.id, first!.id);
      assert.equal(one.patientId, first!.patientId);
      assert.deepEqual(one.observations.map((o) => o.code), first!.observations.map((o) => o.code));
    });

    test('answers "nothing" for unknown ids instead of throwing', async () => {
      const { adapter } = subject();
      assert.equal(await adapter.getReport(UNKNOWN_ID), undefined);
      assert.deepEqual(await adapter.listReports(UNKNOWN_ID), []);
    });

    test('a repeated test gives numbers across reports (a trend)', async (t) => {
      const { fixture } = subject();
      if (!fixture.repeatedCode) return t.skip('no repeatedCode in the fixture');
      const points = (await reports()).flatMap((r) => r.observations.filter((o) => o.code === fixture.repeatedCode && o.numeric !== undefined));
      assert.ok(points.length >= 2, `${fixture.repeatedCode} should have a number in at least two reports, got ${points.length}`);
    });

    test('a critical value is flagged HH, LL or AA', async (t) => {
      const { adapter, fixture } = subject();
      if (!fixture.criticalReportId) return t.skip('no criticalReportId in the fixture');
      const r = await adapter.getReport(fixture.criticalReportId);
      assert.ok(r, `getReport(${fixture.criticalReportId}) found nothing`);
      assert.ok(r.observations.some(isCritical), `report ${r.id} holds no result flagged HH, LL or AA`);
    });

    test('watch delivers a critical report as it arrives', async (t) => {
      const { adapter, fixture } = subject();
      if (!adapter.watch || !fixture.arrive) return t.skip(adapter.watch ? 'no arrive() in the fixture' : 'the adapter has no watch()');
      const seen: LabReport[] = [];
      let wake = () => {};
      const stop = await adapter.watch((report) => {
        seen.push(report);
        if (report.observations.some(isCritical)) wake();
      });
      try {
        const delivered = new Promise<void>((resolve) => (wake = resolve));
        await fixture.arrive();
        let timer: NodeJS.Timeout | undefined;
        const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`watch delivered no critical report within 10 s (saw ${seen.length} reports)`)), 10_000)));
        await Promise.race([delivered, timeout]).finally(() => clearTimeout(timer));
        const critical = seen.find((r) => r.observations.some(isCritical))!;
        assert.ok(critical.id && critical.patientId, 'the delivered report needs an id and a patient');
        assert.ok(await adapter.getReport(critical.id), 'the delivered report can be read by its id');
      } finally {
        stop();
      }
    });
  });
}
