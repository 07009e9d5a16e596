/**
 * The booking's time step as functions of its state: the days ahead with their slots, the date
 * strip's days, and a day's slots. The keyboard handling and the choices are the element's
 * (booking.component.ts).
 */
import { html, type TemplateResult } from 'lit';
import { addDays, localDate, slotState, type Slot } from '@ihkit/core';
import type { LocalizeController } from '../internal/localize.js';

export type DayAvailability = 'available' | 'full' | 'none';
export interface Day {
  date: string;
  slots: Slot[];
  availability: DayAvailability;
}

/** The next `count` days from today in `tz`, each with its slots in order and whether any is open. */
export function daysOf(slots: Slot[], tz: string, count: number): Day[] {
  const from = localDate(new Date(), tz);
  const byDate = new Map<string, Slot[]>();
  for (const s of slots) {
    const d = localDate(new Date(s.start), tz);
    (byDate.get(d) ?? byDate.set(d, []).get(d)!).push(s);
  }
  const now = new Date();
  return Array.from({ length: count }, (_, i) => {
    const date = addDays(from, i);
    const daySlots = (byDate.get(date) ?? []).sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
    const availability: DayAvailability = daySlots.some((s) => slotState(s, now) === 'available') ? 'available' : daySlots.length ? 'full' : 'none';
    return { date, slots: daySlots, availability };
  });
}

/** 今天, 明天, then the weekday. */
function dayLabel(date: string, index: number, l10n: LocalizeController): string {
  if (index === 0) return l10n.msg('booking.dates.today');
  if (index === 1) return l10n.msg('booking.dates.tomorrow');
  return l10n.calendarDate(date, { weekday: 'short' });
}

/** One day of the date strip: a radio, tabbable when it has the focus. */
export function renderDate(d: Day, i: number, selected: boolean, tabbable: boolean, l10n: LocalizeController, choose: (date: string, index: number) => void): TemplateResult {
  const full = i < 2 ? `${dayLabel(d.date, i, l10n)} ${l10n.calendarDate(d.date)}` : l10n.calendarDate(d.date);
  const label = l10n.msg(`booking.dates.${d.availability}Long`, { date: full });
  return html`<button
    type="button"
    role="radio"
    part="date date-${d.availability}${selected ? ' date-selected' : ''}"
    class="date ${d.availability}"
    aria-checked=${selected ? 'true' : 'false'}
    aria-label=${label}
    tabindex=${tabbable ? 0 : -1}
    @click=${() => choose(d.date, i)}
  >
    <span class="date-weekday">${dayLabel(d.date, i, l10n)}</span>
    <span class="date-day">${l10n.calendarDate(d.date, { month: 'numeric', day: 'numeric' })}</span>
    <span class="date-mark">${l10n.msg(`booking.dates.${d.availability}`)}</span>
  </button>`;
}

/** The day's slots as radios, each with its time and places left; full and past ones cannot be chosen. */
export function renderSlots(day: Day, chosen: { slotId?: string; focus: number }, l10n: LocalizeController, on: { key: (e: KeyboardEvent) => void; choose: (slot: Slot) => void }): TemplateResult {
  if (day.slots.length === 0) return html`<p class="no-slots" role="status">${l10n.msg('booking.slots.noneThatDay')}</p>`;
  const now = new Date();
  const focus = chosen.focus >= 0 && chosen.focus < day.slots.length ? chosen.focus : defaultSlotFocus(day.slots, chosen.slotId, now);
  const dateLabel = l10n.calendarDate(day.date);
  return html`<div
    part="slots"
    class="slots"
    role="radiogroup"
    aria-label=${l10n.msg('booking.slots.label', { date: dateLabel })}
    aria-describedby="kbd-hint"
    @keydown=${on.key}
  >
    ${day.slots.map((s, i) => {
      const st = slotState(s, now);
      const time = l10n.timeRange(s.start, s.end);
      const selected = s.id === chosen.slotId;
      const label =
        st === 'available'
          ? l10n.msg('booking.slots.availableLong', { time, count: s.available })
          : l10n.msg(st === 'full' ? 'booking.slots.fullLong' : 'booking.slots.pastLong', { time });
      return html`<button
        type="button"
        role="radio"
        part="slot slot-${st}${selected ? ' slot-selected' : ''}"
        class="slot ${st}"
        aria-checked=${selected ? 'true' : 'false'}
        aria-disabled=${st === 'available' ? 'false' : 'true'}
        aria-label=${label}
        tabindex=${i === focus ? 0 : -1}
        @click=${() => on.choose(s)}
      >
        <span class="slot-time">${time}</span>
        <span class="slot-left">${st === 'available' ? l10n.msg('booking.slots.remaining', { count: s.available }) : l10n.msg(st === 'full' ? 'booking.slots.full' : 'booking.slots.past')}</span>
      </button>`;
    })}
  </div>`;
}

/** The chosen slot, else the first open one. */
function defaultSlotFocus(slots: Slot[], slotId: string | undefined, now: Date): number {
  const chosen = slots.findIndex((s) => s.id === slotId);
  if (chosen >= 0) return chosen;
  return Math.max(0, slots.findIndex((s) => slotState(s, now) === 'available'));
}
