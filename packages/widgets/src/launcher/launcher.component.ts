import { html } from 'lit';
import { IhElement } from '../internal/ih-element.js';
import { commonStrings, embedStrings } from '../locales/areas.js';
import { iconCalendar } from '../internal/icons.js';
import { attributesOf, openInModal } from '../embed/open.js';
import styles from './launcher.styles.js';

/**
 * @summary A floating button in a corner of the page that opens an ihkit element in a modal: the
 * "floating button" embedding mode.
 *
 * `<ih-launcher open="booking"></ih-launcher>` inside (or after) `<ih-provider>`. Its label is
 * the element's usual title unless the launcher has text; `data-ih-*` attributes are passed to
 * the element as for `data-ih-open` triggers (`data-ih-department="dep_cardio"`).
 *
 * @slot - The label, replacing the default (e.g. 预约挂号).
 * @slot icon - An icon or a logo before the label; default a calendar.
 *
 * @csspart button - The floating button.
 * @csspart icon - The icon's box.
 * @csspart label - The label's box.
 *
 * @cssproperty --ih-launcher-offset - Distance from the corner of the viewport (px or em). Default 1.5em.
 * @cssproperty --ih-launcher-z-index - Stacking order over the page. Default 1000.
 *
 * @tag ih-launcher
 */
export class IhLauncher extends IhElement {
  static override styles = styles;
  static override stringAreas = [commonStrings, embedStrings];
  static override shadowRootOptions = { ...IhElement.shadowRootOptions, delegatesFocus: true };
  static override properties = {
    open: {},
    heading: {},
    placement: { reflect: true },
  };

  /** The element to open, without prefix: `booking`, `appointments`, `clinic`, `prescriptions`, `reports`. */
  open = 'booking';

  /** The dialog's title; default: the element's usual title. */
  heading?: string;

  /** Which bottom corner: `end` (right in left-to-right pages) or `start`. */
  placement: 'start' | 'end' = 'end';

  #open = (): void => {
    openInModal(this.open, { trigger: this, attributes: attributesOf(this), heading: this.heading });
  };

  protected override render() {
    return html`<button type="button" part="button" class="button" aria-haspopup="dialog" @click=${this.#open}>
      <span part="icon" class="icon"><slot name="icon">${iconCalendar}</slot></span>
      <span part="label" class="label"><slot>${this.msg(`embed.heading.${this.open}` as never)}</slot></span>
    </button>`;
  }
}
