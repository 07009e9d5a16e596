/**
 * How a follow-up reading and its measure read, for the patient's <ih-followup> and the care
 * team's <ih-care-desk>: the measure's name ("空腹血糖"), the values in words ("172/104 mmHg,
 * 脉搏 96 次/分"), and the assessment (in target, outside target, care team told).
 */
import type { CareMeasure, CareReading, CareTask } from '@ihkit/core';
import type { MsgParams, StringKey } from '../internal/localize.js';

type Msg = (key: StringKey, params?: MsgParams) => string;

/** "空腹血糖" for a measure (kind and meal). */
export function itemName(m: Pick<CareMeasure, 'kind' | 'meal'>, msg: Msg): string {
  return msg(m.kind === 'glucose' && m.meal ? `care.item.glucose/${m.meal}` : `care.item.${m.kind}`);
}

/** "172/104 mmHg，脉搏 96 次/分" */
export function readingValue(r: CareReading, msg: Msg, separator = ', '): string {
  const parts: string[] = [];
  if (r.systolic !== undefined && r.diastolic !== undefined) parts.push(msg('care.value.bp', { systolic: r.systolic, diastolic: r.diastolic }));
  if (r.pulse !== undefined) parts.push(msg('care.value.pulse', { value: r.pulse }));
  if (r.glucose !== undefined) parts.push(msg('care.value.glucose', { glucose: r.glucose }));
  if (r.weight !== undefined) parts.push(msg('care.value.weight', { weight: r.weight }));
  return parts.join(separator);
}

/** The reading's assessment: `alert` (its care team was told), `target` (outside the target) or `ok`. */
export function readingLevel(r: Pick<CareReading, 'breaches'>): 'alert' | 'target' | 'ok' {
  return r.breaches.some((b) => b.level === 'alert') ? 'alert' : r.breaches.length ? 'target' : 'ok';
}

/** "每天一次" / "每周一次" / "每 3 天一次" */
export function frequency(t: Pick<CareTask, 'everyDays'>, msg: Msg): string {
  return t.everyDays === 1 ? msg('followup.daily') : t.everyDays === 7 ? msg('followup.weekly') : msg('followup.every', { days: t.everyDays });
}
