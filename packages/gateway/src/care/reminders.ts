/**
 * Follow-up reminders to patients, through the notification outbox (SMS / WeChat template
 * messages): once a day while a plan's readings are missed, once before each revisit
 * (REVISIT_NOTICE_DAYS ahead), and once each time a questionnaire falls due (questionnaireReminder). care_reminders makes each go out once, whichever gateway sweeps.
 */
import type { CarePlan, CareTask } from '@ihkit/core';
import { addDays, localDate } from '@ihkit/core';
import type { Services } from '../operations.js';
import { enqueueNotification } from '../notifications/outbox.js';
import { PLAN_SELECT, toCarePlans, type PlanRow } from './store.js';

/** How many days before a revisit the patient is reminded of it. */
export const REVISIT_NOTICE_DAYS = 3;

/** A missed reading in the words of the (Simplified Chinese) message template. */
const READING_WORDS: Record<string, string> = { 'blood-pressure': '血压', pulse: '脉搏', 'glucose/fasting': '空腹血糖', 'glucose/after-meal': '餐后血糖', weight: '体重' };
const words = (t: CareTask) => READING_WORDS[t.meal ? `${t.kind}/${t.meal}` : t.kind] ?? t.kind;

interface Reminder {
  subject: 'readings' | 'revisit' | 'questionnaires';
  /** With the subject, what makes it go out once. */
  dueOn: string;
  template: 'care-readings-due' | 'care-revisit-due' | 'care-questionnaires-due';
  params: Record<string, string>;
}

/**
 * The reminder of the plan's due questionnaires: once for the day the last of them fell due (the
 * end of its period, or the plan's first day), so another coming due brings another.
 */
function questionnaireReminder(plan: CarePlan, timeZone: string): Reminder[] {
  const dueSince = (plan.questionnaireTasks ?? []).filter((t) => t.due)
    .map((t) => (t.lastAt ? addDays(localDate(new Date(t.lastAt), timeZone), t.everyDays) : localDate(new Date(plan.startedAt), timeZone)));
  if (!dueSince.length) return [];
  return [{ subject: 'questionnaires', dueOn: dueSince.sort().at(-1)!, template: 'care-questionnaires-due', params: {} }];
}

/** Writes the reminders due now; returns how many were written. */
export async function sendCareReminders(services: Pick<Services, 'db' | 'now' | 'his'>): Promise<number> {
  const now = services.now();
  const tz = services.his.timeZone;
  const today = localDate(now, tz);
  const { rows } = await services.db.query<PlanRow>(`${PLAN_SELECT} WHERE p.ended_at IS NULL ORDER BY p.started_at, p.id`);
  let written = 0;
  for (const plan of await toCarePlans(services.db, rows, now, tz)) {
    const missed = plan.tasks.filter((t) => t.missedSince);
    const wanted: Reminder[] = [];
    if (missed.length) wanted.push({ subject: 'readings', dueOn: today, template: 'care-readings-due', params: { readings: missed.map(words).join('、') } });
    const daysLeft = Math.round((Date.parse(plan.nextRevisitOn) - Date.parse(today)) / 86_400_000);
    if (daysLeft <= REVISIT_NOTICE_DAYS) wanted.push({ subject: 'revisit', dueOn: plan.nextRevisitOn, template: 'care-revisit-due', params: { date: plan.nextRevisitOn } });
    wanted.push(...questionnaireReminder(plan, tz));
    for (const w of wanted) {
      await services.db.transaction(async (tx) => {
        const { rows: claimed } = await tx.query(
          `INSERT INTO care_reminders (plan_id, subject, due_on, notification_id) VALUES ($1, $2, $3, '') ON CONFLICT DO NOTHING RETURNING plan_id`,
          [plan.id, w.subject, w.dueOn]);
        if (!claimed.length) return;
        const id = await enqueueNotification(tx, { patientId: plan.patientId, template: w.template, params: w.params, now });
        await tx.query('UPDATE care_reminders SET notification_id = $4 WHERE plan_id = $1 AND subject = $2 AND due_on = $3', [plan.id, w.subject, w.dueOn, id]);
        written++;
      });
    }
  }
  return written;
}
