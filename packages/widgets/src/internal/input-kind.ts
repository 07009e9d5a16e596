/**
 * Which instructions fit the user's device: the one place that decides it. A mouse or trackpad
 * that hovers — `(hover: hover) and (pointer: fine)` — means a computer, with a keyboard: the
 * elements may speak of the mouse wheel, Ctrl, or Enter to send. Anything else (a phone, a
 * tablet, WeChat) gets touch instructions. The controller renders its host again when that
 * changes (a keyboard and trackpad attached to a tablet, say).
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';

export const MOUSE_AND_KEYBOARD = '(hover: hover) and (pointer: fine)';

export class InputKind implements ReactiveController {
  readonly #query = matchMedia(MOUSE_AND_KEYBOARD);

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  /** A mouse or trackpad, and so most likely a hardware keyboard. */
  get mouseAndKeyboard(): boolean {
    return this.#query.matches;
  }

  hostConnected(): void {
    this.#query.addEventListener('change', this.#changed);
  }

  hostDisconnected(): void {
    this.#query.removeEventListener('change', this.#changed);
  }

  readonly #changed = (): void => this.host.requestUpdate();
}
