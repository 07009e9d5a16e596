/**
 * The stored LIS: lab reports kept in the gateway's own PostgreSQL (`lab_reports`), filled by
 * whatever receives them — the HL7 v2 MLLP listener, the demo seed — and read by the gateway
 * like any other LisAdapter. Every gateway process on the same database sees every report:
 * `save` announces a new or changed report with NOTIFY, and `watch` LISTENs.
 */
import type { LabReport } from '@ihkit/core';
import { zonedIso } from '@ihkit/core';
import type { Db, Queryable } from '../db.js';
import { AdapterError } from '../errors.js';
import { isCritical, type LisAdapter } from '../lis.js';
import { LAB_CHANNEL } from './schema.js';

export interface StoredLis extends LisAdapter {
  /**
   * Stores `report` (from `source`, e.g. 'hl7v2/LIS01' or 'demo'), replacing the stored report
   * with the same id, in one statement. `created`: it was new; `changed`: it was new or
   * replaced an older version. A re-sent identical report changes nothing, and neither does an
   * out-of-date one (issued before the stored version). When something changed, the report's
   * id is NOTIFYed on `ihkit_lab` in the same transaction, so watchers hear of it only once it
   * is committed. Resolves once committed.
   */
  save(report: LabReport, source: string): Promise<{ created: boolean; changed: boolean }>;
  /**
   * Calls `fn` with every report saved — by this process or any other on the same database —
   * from the moment the returned promise resolves (its LISTEN is then in place) until the
   * function it resolves to is called. Delivery is at least once: after the listening
   * connection was lost and re-opened, reports stored meanwhile are read from the table and
   * delivered, and some may come twice. Dedupe by report id (and content) where it matters.
   */
  watch(fn: (report: LabReport) => void): Promise<() => void>;
}

export interface StoredLisOptions {
  /** The adapter's name (default 'stored'). */
  name?: string;
  /** The time zone date-times are written in (default Asia/Shanghai): 2026-11-23T08:30:00+08:00. */
  timeZone?: string;
  /** Told when `watch` could not read a report it was notified of, after retries. Never given report content. */
  onWatchError?: (error: Error) => void;
}

interface Row {
  id: string;
  patient_id: string;
  ordering_doctor_id: string | null;
  title: string;
  title_en: string | null;
  specimen: string | null;
  status: LabReport['status'];
  collected_at: Date | null;
  issued_at: Date;
  received_at: Date;
  observations: LabReport['observations'];
}

const COLUMNS = 'id, patient_id, ordering_doctor_id, title, title_en, specimen, status, collected_at, issued_at, received_at, observations';

/** The contract's Id. */
const ID = /^[A-Za-z0-9_-]{1,64}$/;

/** How far back, before the last report a watcher saw, it looks after a lost connection (clock and commit-order slack). */
const CATCH_UP_SLACK_MS = 10_000;

function checkReport(report: LabReport): void {
  const bad = (what: string) => new AdapterError('VALIDATION_FAILED', `Lab report not stored: ${what}`);
  if (!ID.test(report.id)) throw bad('id is not a valid Id');
  if (!ID.test(report.patientId)) throw bad('patientId is not a valid Id');
  if (report.orderingDoctorId !== undefined && !ID.test(report.orderingDoctorId)) throw bad('orderingDoctorId is not a valid Id');
  if (!report.title) throw bad('title is empty');
  if (Number.isNaN(Date.parse(report.issuedAt))) throw bad('issuedAt is not a date-time');
  if (report.collectedAt !== undefined && Number.isNaN(Date.parse(report.collectedAt))) throw bad('collectedAt is not a date-time');
  if (!Array.isArray(report.observations)) throw bad('observations is not a list');
}

/** The row values, in the order of the INSERT below. */
function values(report: LabReport, source: string): unknown[] {
  return [
    report.id,
    report.patientId,
    report.orderingDoctorId ?? null,
    source,
    report.title,
    report.titleEn ?? null,
    report.specimen ?? null,
    report.status,
    report.collectedAt ?? null,
    report.issuedAt,
    JSON.stringify(report.observations),
    report.observations.some(isCritical),
  ];
}

const INSERT = `INSERT INTO lab_reports AS r (id, patient_id, ordering_doctor_id, source, title, title_en, specimen, status, collected_at, issued_at, observations, critical)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::jsonb, $12)`;

// Upsert and NOTIFY in one statement (hence one transaction): the NOTIFY goes out on commit,
// and only for a row inserted or actually replaced. xmax = 0 tells an insert from an update.
const SAVE = `WITH saved AS (
  ${INSERT}
  ON CONFLICT (id) DO UPDATE SET
    patient_id = EXCLUDED.patient_id, ordering_doctor_id = EXCLUDED.ordering_doctor_id, source = EXCLUDED.source,
    title = EXCLUDED.title, title_en = EXCLUDED.title_en, specimen = EXCLUDED.specimen, status = EXCLUDED.status,
    collected_at = EXCLUDED.collected_at, issued_at = EXCLUDED.issued_at, observations = EXCLUDED.observations,
    critical = EXCLUDED.critical, received_at = now()
  WHERE EXCLUDED.issued_at >= r.issued_at
    AND (r.patient_id, r.ordering_doctor_id, r.title, r.title_en, r.specimen, r.status, r.collected_at, r.issued_at, r.observations)
        IS DISTINCT FROM
        (EXCLUDED.patient_id, EXCLUDED.ordering_doctor_id, EXCLUDED.title, EXCLUDED.title_en, EXCLUDED.specimen, EXCLUDED.status, EXCLUDED.collected_at, EXCLUDED.issued_at, EXCLUDED.observations)
  RETURNING r.id, (r.xmax = 0) AS created
)
SELECT created, pg_notify('${LAB_CHANNEL}', id) FROM saved`;

/**
 * Inserts reports whose id is not stored yet, leaving stored ones as they are, without
 * NOTIFY: for seeding history that should not raise alerts. Returns how many were inserted.
 */
export async function insertNewReports(q: Queryable, reports: readonly LabReport[], source: string): Promise<number> {
  let inserted = 0;
  for (const report of reports) {
    checkReport(report);
    const { rows } = await q.query(`${INSERT} ON CONFLICT (id) DO NOTHING RETURNING id`, values(report, source));
    inserted += rows.length;
  }
  return inserted;
}

/**
 * The stored LIS on `db` (whose migrations must include `labStoreMigrations`). Reports come
 * back with their date-times in `timeZone`.
 */
export function createStoredLis(db: Db, options: StoredLisOptions = {}): StoredLis {
  const timeZone = options.timeZone ?? 'Asia/Shanghai';
  const toReport = (r: Row): LabReport => ({
    id: r.id,
    patientId: r.patient_id,
    title: r.title,
    ...(r.title_en !== null ? { titleEn: r.title_en } : {}),
    ...(r.specimen !== null ? { specimen: r.specimen } : {}),
    status: r.status,
    ...(r.ordering_doctor_id !== null ? { orderingDoctorId: r.ordering_doctor_id } : {}),
    ...(r.collected_at !== null ? { collectedAt: zonedIso(r.collected_at, timeZone) } : {}),
    issuedAt: zonedIso(r.issued_at, timeZone),
    observations: r.observations,
  });
  const readRow = async (id: string): Promise<Row | undefined> => (await db.query<Row>(`SELECT ${COLUMNS} FROM lab_reports WHERE id = $1`, [id])).rows[0];

  return {
    name: options.name ?? 'stored',

    async listReports(patientId) {
      const { rows } = await db.query<Row>(`SELECT ${COLUMNS} FROM lab_reports WHERE patient_id = $1 ORDER BY issued_at DESC, id`, [patientId]);
      return rows.map(toReport);
    },

    async getReport(reportId) {
      const row = await readRow(reportId);
      return row && toReport(row);
    },

    async save(report, source) {
      checkReport(report);
      const { rows } = await db.query<{ created: boolean }>(SAVE, values(report, source));
      const created = rows[0]?.created === true;
      return { created, changed: rows.length > 0 };
    },

    async watch(fn) {
      let stopped = false;
      // The newest version this watcher has delivered, by the database's clock.
      let seenUpTo = (await db.query<{ now: Date }>('SELECT now() AS now')).rows[0]!.now;
      const deliver = (row: Row) => {
        if (stopped) return;
        if (row.received_at > seenUpTo) seenUpTo = row.received_at;
        try {
          fn(toReport(row));
        } catch {
          // A failing watcher must not stop the others or the listening connection.
        }
      };
      const withRetries = async (what: () => Promise<void>) => {
        for (let attempt = 0; ; attempt++) {
          try {
            return await what();
          } catch (e) {
            if (stopped) return;
            if (attempt >= 3) return options.onWatchError?.(e instanceof Error ? e : new Error(String(e)));
            await new Promise((r) => setTimeout(r, 200 * 2 ** attempt));
          }
        }
      };
      const onNotify = (id: string) =>
        void withRetries(async () => {
          const row = await readRow(id);
          if (row) deliver(row);
        });
      const catchUp = () =>
        void withRetries(async () => {
          const since = new Date(seenUpTo.getTime() - CATCH_UP_SLACK_MS);
          const { rows } = await db.query<Row>(`SELECT ${COLUMNS} FROM lab_reports WHERE received_at > $1 ORDER BY received_at`, [since]);
          for (const row of rows) deliver(row);
        });
      const unlisten = await db.listen(LAB_CHANNEL, onNotify, catchUp);
      return () => {
        if (stopped) return;
        stopped = true;
        unlisten().catch(() => {});
      };
    },
  };
}
