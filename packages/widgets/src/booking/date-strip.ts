/**
 * The booking's date strip on a narrow screen: the days in one row that scrolls sideways. So
 * that it shows it scrolls, when the days do not all fit they are sized so that half of the
 * next day shows at the edge, an edge with more days beyond it fades (booking.styles.ts), and
 * the day shown is scrolled into view when the strip appears or shows another day.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** The narrowest a day may be, in em (as in booking.styles.ts). */
const DAY_MIN_EM = 4.25;

export class DateStrip implements ReactiveController {
  #strip?: HTMLElement;
  /** The day last brought into view. */
  #inView?: string;
  readonly #resize = new ResizeObserver(() => this.#fit());

  constructor(
    private readonly host: ReactiveControllerHost & { renderRoot: ParentNode },
    /** How many days the strip holds, and which one it shows now. */
    private readonly o: { days: number; shown: () => string | undefined },
  ) {
    host.addController(this);
  }

  hostUpdated(): void {
    const strip = this.host.renderRoot.querySelector<HTMLElement>('[part~="dates"]') ?? undefined;
    if (strip === this.#strip) return this.#fit();
    this.#resize.disconnect();
    this.#strip = strip;
    this.#inView = undefined;
    if (strip) this.#resize.observe(strip); // fits it once observed, and whenever its width changes
  }

  hostDisconnected(): void {
    this.#resize.disconnect();
    this.#strip = undefined;
  }

  /** For the strip's scroll event: the fades follow. */
  readonly onScroll = (): void => this.#fade();

  #fit(): void {
    const strip = this.#strip;
    if (!strip) return;
    const style = getComputedStyle(strip);
    const gap = parseFloat(style.columnGap) || 0;
    const min = parseFloat(style.fontSize) * DAY_MIN_EM;
    const width = strip.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    if (this.o.days * (min + gap) - gap <= width) strip.style.removeProperty('--day-width');
    else {
      const whole = Math.max(1, Math.floor((width - min / 2) / (min + gap)));
      strip.style.setProperty('--day-width', `${(width - whole * gap) / (whole + 0.5)}px`);
    }
    const shown = this.o.shown();
    const day = strip.querySelector<HTMLElement>('[aria-checked="true"]');
    if (day && shown !== this.#inView) {
      this.#inView = shown;
      const s = strip.getBoundingClientRect();
      const d = day.getBoundingClientRect();
      if (d.left < s.left || d.right > s.right) strip.scrollLeft += d.left - s.left - (s.width - d.width) / 2;
    }
    this.#fade();
  }

  #fade(): void {
    const s = this.#strip;
    if (!s) return;
    s.toggleAttribute('data-more-before', s.scrollLeft > 1);
    s.toggleAttribute('data-more-after', s.scrollLeft + s.clientWidth < s.scrollWidth - 1);
  }
}
