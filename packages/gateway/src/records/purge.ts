/**
 * The purge job (`ihkit-gateway records purge`, Gateway.purgeRecords): deletes the records whose
 * retention has passed and whose patient is not on legal hold — by the database's rule
 * (ihkit_retained, gw_016_retention), which also refuses each DELETE of a row still kept, so the
 * job cannot remove more than the rule allows whatever its queries say. One transaction per unit,
 * with its audit row (actor `system`, action `purgeRecords`):
 *
 * - a consult past its retention (15 years from the patient's last visit) with every
 *   prescription of it: the consult and all that hangs on it (messages, images, calls and their
 *   recordings, payments and refunds, prescriptions and their history, supervision reports);
 *   resource type `consult`;
 * - a consult kept, whose chat, images, recordings or consents are past theirs (3 years): those;
 *   resource type `chat_media`;
 * - a lab report past its retention, with its earlier versions and critical alerts; `lab_report`;
 * - an ended follow-up plan past its retention (15 years from its end and from the patient's last
 *   visit), with its readings, questionnaire responses, alerts, reminders and earlier versions; `care_plan`.
 *
 * A unit the database refuses (one of its rows still kept, or a table another feature added that
 * still points at it) is left as it was and counted as kept. The audit log itself is never purged.
 */
import type { Db, Queryable } from '@ihkit/adapters';
import { jobEntry, writeAudit } from '../audit.js';
import { newId } from '../ids.js';
import { safeError } from '../logging.js';

export interface PurgeResult {
  /** Consults removed with everything of theirs. */
  consults: number;
  /** Kept consults whose chat and media past their date were removed. */
  chatMedia: number;
  labReports: number;
  carePlans: number;
  /** Units the database refused to delete (something of them still kept). */
  kept: number;
}

const BATCH = 200;
const rooms = 'SELECT id FROM video_rooms WHERE consult_id = $1';
const payments = 'SELECT id FROM payments WHERE consult_id = $1';
const prescriptions = 'SELECT id FROM prescriptions WHERE consult_id = $1';

/** Everything of a consult, children first. */
const WHOLE_CONSULT = [
  'UPDATE video_rooms SET recording_request_id = NULL WHERE consult_id = $1',
  `DELETE FROM video_recording_consents WHERE request_id IN (SELECT id FROM video_recording_requests WHERE room_id IN (${rooms}))`,
  'DELETE FROM video_recordings WHERE consult_id = $1',
  `DELETE FROM video_recording_requests WHERE room_id IN (${rooms})`,
  `DELETE FROM video_signals WHERE room_id IN (${rooms})`,
  `DELETE FROM video_participants WHERE room_id IN (${rooms})`,
  'DELETE FROM video_rooms WHERE consult_id = $1',
  'DELETE FROM consult_messages WHERE consult_id = $1',
  'DELETE FROM consult_attachments WHERE consult_id = $1',
  `DELETE FROM refunds WHERE payment_id IN (${payments})`,
  `DELETE FROM payment_notifications WHERE payment_id IN (${payments})`,
  'DELETE FROM payments WHERE consult_id = $1',
  `DELETE FROM prescription_history WHERE prescription_id IN (${prescriptions})`,
  `DELETE FROM regulator_outbox WHERE subject_id = $1 OR subject_id IN (${prescriptions})`,
  'DELETE FROM prescriptions WHERE consult_id = $1',
  'DELETE FROM consults WHERE id = $1',
];

const passed = (table: string) => `NOT ihkit_retained(${table}.retention_class, ${table}.retain_until, $2)`;

/** A kept consult's chat and media past their date ($1 the consult, $2 its patient). */
const CHAT_MEDIA = [
  `DELETE FROM video_recording_consents k USING video_recording_requests q, video_rooms r
    WHERE k.request_id = q.id AND q.room_id = r.id AND r.consult_id = $1 AND ${passed('k')}`,
  `DELETE FROM video_recordings v WHERE v.consult_id = $1 AND ${passed('v')}`,
  `DELETE FROM consult_messages m WHERE m.consult_id = $1 AND ${passed('m')}`,
  `DELETE FROM consult_attachments a WHERE a.consult_id = $1 AND ${passed('a')}
      AND NOT EXISTS (SELECT 1 FROM consult_messages m WHERE m.attachment_id = a.id)`,
];

const LAB_REPORT = [
  'DELETE FROM lab_report_versions WHERE report_id = $1',
  'DELETE FROM critical_alerts WHERE report_id = $1',
  'DELETE FROM lab_reports WHERE id = $1',
];

const CARE_PLAN = [
  'DELETE FROM article_reads WHERE plan_id = $1',
  'DELETE FROM care_plan_articles WHERE plan_id = $1',
  'DELETE FROM care_reminders WHERE plan_id = $1',
  'DELETE FROM care_alerts WHERE plan_id = $1',
  'DELETE FROM care_readings WHERE plan_id = $1',
  'DELETE FROM care_questionnaire_responses WHERE plan_id = $1',
  'DELETE FROM care_plan_versions WHERE plan_id = $1',
  'DELETE FROM care_plans WHERE id = $1',
];

interface Unit {
  id: string;
  patient_id: string;
}

/** Candidates: a query of ids and patients not among $1 (those already tried), at most BATCH. */
const CANDIDATES = {
  consult: `SELECT c.id, c.patient_id FROM consults c
     WHERE c.id <> ALL($1::text[]) AND NOT ihkit_retained(c.retention_class, c.retain_until, c.patient_id)
       AND NOT EXISTS (SELECT 1 FROM prescriptions p WHERE p.consult_id = c.id AND ihkit_retained(p.retention_class, p.retain_until, p.patient_id))
     ORDER BY c.created_at LIMIT ${BATCH}`,
  chat_media: `SELECT c.id, c.patient_id FROM consults c
     WHERE c.id <> ALL($1::text[]) AND (
       EXISTS (SELECT 1 FROM consult_messages m WHERE m.consult_id = c.id AND NOT ihkit_retained(m.retention_class, m.retain_until, c.patient_id))
       OR EXISTS (SELECT 1 FROM consult_attachments a WHERE a.consult_id = c.id AND NOT ihkit_retained(a.retention_class, a.retain_until, c.patient_id)
                    AND NOT EXISTS (SELECT 1 FROM consult_messages m WHERE m.attachment_id = a.id))
       OR EXISTS (SELECT 1 FROM video_recordings v WHERE v.consult_id = c.id AND NOT ihkit_retained(v.retention_class, v.retain_until, c.patient_id))
       OR EXISTS (SELECT 1 FROM video_recording_consents k JOIN video_recording_requests q ON q.id = k.request_id JOIN video_rooms r ON r.id = q.room_id
                   WHERE r.consult_id = c.id AND NOT ihkit_retained(k.retention_class, k.retain_until, c.patient_id)))
     ORDER BY c.created_at LIMIT ${BATCH}`,
  lab_report: `SELECT r.id, r.patient_id FROM lab_reports r
     WHERE r.id <> ALL($1::text[]) AND NOT ihkit_retained('medical_record', ihkit_retain_until('medical_record', r.issued_at), r.patient_id)
     ORDER BY r.issued_at LIMIT ${BATCH}`,
  care_plan: `SELECT p.id, p.patient_id FROM care_plans p
     WHERE p.id <> ALL($1::text[]) AND p.ended_at IS NOT NULL AND NOT ihkit_retained('medical_record', ihkit_retain_until('medical_record', p.ended_at), p.patient_id)
     ORDER BY p.ended_at LIMIT ${BATCH}`,
} as const;

const STATEMENTS: Record<keyof typeof CANDIDATES, { sql: string[]; params: (u: Unit) => unknown[] }> = {
  consult: { sql: WHOLE_CONSULT, params: (u) => [u.id] },
  chat_media: { sql: CHAT_MEDIA, params: (u) => [u.id, u.patient_id] },
  lab_report: { sql: LAB_REPORT, params: (u) => [u.id] },
  care_plan: { sql: CARE_PLAN, params: (u) => [u.id] },
};

/** Deletes what has passed its retention and is on no legal hold; returns what went. */
export async function purgeRecords(db: Db, log?: { warn(obj: object, msg: string): void }): Promise<PurgeResult> {
  const runId = newId('run');
  const result: PurgeResult = { consults: 0, chatMedia: 0, labReports: 0, carePlans: 0, kept: 0 };
  const counted = { consult: 'consults', chat_media: 'chatMedia', lab_report: 'labReports', care_plan: 'carePlans' } as const;
  for (const kind of ['consult', 'chat_media', 'lab_report', 'care_plan'] as const) {
    const tried: string[] = [];
    for (;;) {
      const { rows } = await db.query<Unit>(CANDIDATES[kind], [tried]);
      if (!rows.length) break;
      for (const unit of rows) {
        tried.push(unit.id);
        try {
          await db.transaction(async (tx: Queryable) => {
            for (const sql of STATEMENTS[kind].sql) await tx.query(sql, STATEMENTS[kind].params(unit));
            await writeAudit(tx, jobEntry('purgeRecords', { resourceType: kind, resourceId: unit.id, patientIds: [unit.patient_id] }, runId));
          });
          result[counted[kind]] += 1;
        } catch (err) {
          result.kept += 1;
          const e = safeError(err);
          log?.warn({ resourceType: kind, resourceId: unit.id, errorType: e.type, errorCode: e.code }, 'a record past its retention could not be purged; kept');
        }
      }
    }
  }
  return result;
}
