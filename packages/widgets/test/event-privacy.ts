/**
 * Every `ih-` event an element dispatches during a widget test carries ids only. Imported by
 * mock-api.ts, so in every test of an element against the mock gateway: it records every `ih-` event dispatched on the page (whatever its
 * target) and, after each test, fails it when an event
 * - is not one of EVENT_DETAIL_FIELDS (an event IhEventMap does not declare), does not bubble
 *   or does not cross shadow roots;
 * - has a detail field that is not declared, or whose value is not of its kind: an opaque id
 *   (`con_1`), a value of a fixed set (`approved`), an element name (`booking`);
 * - holds any text of the mock gateway's data: names, masked ID numbers, complaints, diagnoses,
 *   drugs, messages, addresses.
 */
import { EVENT_DETAIL_FIELDS } from '../src/internal/event-fields.js';
import { consultOf, messageOf, prescriptionOf, seed } from './mock-api.js';

export interface RecordedEvent {
  type: string;
  detail: unknown;
  bubbles: boolean;
  composed: boolean;
}

const KIND_PATTERNS: Record<string, RegExp> = {
  id: /^[a-z]+_[A-Za-z0-9_-]+$/,
  enum: /^[a-z][a-z0-9_]*(?:-[a-z0-9_]+)*$/,
  element: /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/,
};

/** Every string in a value, however deep. */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value && typeof value === 'object') return Object.values(value).flatMap(strings);
  return [];
}

let forbidden: readonly string[] | undefined;
/**
 * The mock data's text that no event may carry: every string of the seed, a consult, a
 * prescription and a message that is not itself an id, a code or a date. (Made on first use:
 * mock-api.ts imports this module.)
 */
export function forbiddenText(): readonly string[] {
  forbidden ??= [...new Set(strings([seed(), consultOf(), prescriptionOf(), messageOf('con_1', 1)]))].filter(
    (s) => s.length >= 2 && !Object.values(KIND_PATTERNS).some((p) => p.test(s)) && !/^\d{4}-\d\d-\d\d/.test(s) && !/^[A-Z][A-Z0-9.-]*$/.test(s),
  );
  return forbidden;
}

/** What is wrong with an event, in words (empty: nothing). */
export function eventProblems(e: RecordedEvent): string[] {
  const fields = (EVENT_DETAIL_FIELDS as Record<string, Record<string, string>>)[e.type];
  if (!fields) return [`${e.type} is not an event of IhEventMap`];
  const problems: string[] = [];
  if (!e.bubbles || !e.composed) problems.push(`${e.type} does not bubble out of shadow roots`);
  const detail = (e.detail ?? {}) as Record<string, unknown>;
  if (typeof detail !== 'object' || Array.isArray(detail)) return [...problems, `${e.type}: detail is not an object`];
  for (const [field, value] of Object.entries(detail)) {
    const kind = fields[field];
    if (!kind) problems.push(`${e.type}: detail.${field} is not declared`);
    else if (value !== undefined && !(typeof value === 'string' && KIND_PATTERNS[kind]!.test(value))) problems.push(`${e.type}: detail.${field} is not an ${kind}: ${JSON.stringify(value)}`);
  }
  const text = JSON.stringify(detail);
  for (const s of forbiddenText()) if (text.includes(s)) problems.push(`${e.type}: detail holds data of the gateway: ${JSON.stringify(s)}`);
  return problems;
}

/** The `ih-` events dispatched since the current test started. */
export const ihEvents: RecordedEvent[] = [];

const native = EventTarget.prototype.dispatchEvent;
if (!(native as { ihRecorded?: boolean }).ihRecorded) {
  const recording = function (this: EventTarget, event: Event): boolean {
    if (event.type.startsWith('ih-')) ihEvents.push({ type: event.type, detail: (event as CustomEvent).detail, bubbles: event.bubbles, composed: event.composed });
    return native.call(this, event);
  };
  (recording as { ihRecorded?: boolean }).ihRecorded = true;
  EventTarget.prototype.dispatchEvent = recording;
}

beforeEach(() => {
  ihEvents.length = 0;
});
afterEach(function () {
  // A failed test has said what went wrong already.
  if (this.currentTest?.state === 'failed') return;
  const problems = ihEvents.flatMap(eventProblems);
  if (problems.length) throw new Error(`ih- events carry more than ids:\n${problems.join('\n')}`);
});
