import { html, type PropertyValues } from 'lit';
import { IhElement } from '../internal/ih-element.js';
import { commonStrings, embedStrings } from '../locales/areas.js';
import { deepActiveElement } from '../internal/focus.js';
import { iconClose } from '../internal/icons.js';
import { emit } from '../internal/events.js';
import { ViewHistory } from '../internal/view-history.js';
import styles from './modal.styles.js';

/**
 * @summary A modal dialog around any ihkit element: the "modal" embedding mode. Usually made for
 * you by a `data-ih-open` trigger or `<ih-launcher>`, but it can be written by hand.
 *
 * Built on the native `<dialog>`: the page behind is inert, focus stays inside, Escape or the
 * close button closes it, and focus returns to what opened it. Closing only hides the content,
 * so a half-finished booking is still there when it is opened again.
 *
 * @slot - The element to show, e.g. `<ih-booking>`.
 *
 * @event ih-modal-open - The dialog opened. `detail.element` names what it holds (e.g. `booking`).
 * @event ih-modal-close - The dialog closed. `detail.element` as for `ih-modal-open`.
 *
 * @csspart dialog - The `<dialog>`.
 * @csspart header - The title bar.
 * @csspart heading - The title.
 * @csspart close-button - The close button.
 * @csspart body - The scrolling area around the element.
 *
 * @cssproperty --ih-modal-width - Width of the dialog (px or em). Default 45em, at most the viewport less 1em.
 * @cssproperty --ih-modal-backdrop - Colour of the backdrop over the page.
 *
 * @tag ih-modal
 */
export class IhModal extends IhElement {
  static override styles = styles;
  static override stringAreas = [commonStrings, embedStrings];
  static override properties = {
    heading: {},
    element: {},
    open: { type: Boolean, reflect: true },
    noHistory: { attribute: 'no-history', type: Boolean },
  };

  /** The dialog's title. Without it, the usual title of the element named by `element`. */
  heading?: string;

  /** The ihkit element inside, without prefix (`booking`): names the events and the default title. */
  element?: string;

  /** Whether the dialog is showing. Set it, or call `show()` / `close()`. */
  open = false;

  /**
   * Keeps the open dialog out of the browser history, for a host whose router owns it. Without
   * it the open dialog is a history entry on the same URL, so the browser's or WeChat's Back
   * button closes it (after stepping back through the element's own views inside, if any).
   */
  noHistory = false;

  #returnFocusTo?: HTMLElement;

  readonly #history = new ViewHistory(this, {
    depth: () => (this.open ? 1 : 0),
    back: () => this.close(),
  });

  /** Opens the dialog; `returnFocusTo` (default: what has focus now) gets focus back when it closes. */
  show(returnFocusTo?: HTMLElement): void {
    if (this.open) return;
    this.#returnFocusTo = returnFocusTo; // else what has focus when it opens (updated())
    this.open = true;
  }

  /** Closes the dialog; the element inside keeps its state for the next time it opens. */
  close(): void {
    this.open = false;
  }

  get #dialog(): HTMLDialogElement | null {
    return this.renderRoot.querySelector('dialog');
  }

  protected override updated(changed: PropertyValues<this>): void {
    const dialog = this.#dialog;
    if (!dialog || !changed.has('open')) return;
    if (this.open && !dialog.open) {
      this.#returnFocusTo ??= deepActiveElement() as HTMLElement | undefined;
      dialog.showModal();
      this.renderRoot.querySelector<HTMLElement>('[part~="heading"]')?.focus();
      emit(this, 'ih-modal-open', { element: this.element });
    } else if (!this.open && dialog.open) {
      dialog.close();
    }
  }

  /** The dialog closed (button, Escape, backdrop or `close()`): hand focus back and tell the page. */
  #onClose = (): void => {
    this.open = false;
    const back = this.#returnFocusTo;
    this.#returnFocusTo = undefined;
    if (back?.isConnected) back.focus();
    emit(this, 'ih-modal-close', { element: this.element });
  };

  /** A click on the backdrop lands on the <dialog> itself (its content is in the inner box). */
  #onClick = (e: MouseEvent): void => {
    if (e.target === e.currentTarget) this.close();
  };

  protected override render() {
    const title = this.heading || (this.element ? this.msg(`embed.heading.${this.element}` as never) : '');
    return html`<dialog part="dialog" aria-labelledby="heading" @close=${this.#onClose} @click=${this.#onClick}>
      <div class="box">
        <div part="header" class="header">
          <h2 part="heading" id="heading" tabindex="-1">${title}</h2>
          <button type="button" part="close-button" class="close" aria-label=${this.msg('common.close')} @click=${() => this.close()}>
            ${iconClose}
          </button>
        </div>
        <div part="body" class="body"><slot></slot></div>
      </div>
    </dialog>`;
  }
}
