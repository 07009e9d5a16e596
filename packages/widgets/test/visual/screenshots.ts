/**
 * Screenshots for the gallery, saved by the server command of screenshot-plugin.mjs when
 * `npm run gallery` runs the visual test (IH_GALLERY_DIR set); otherwise nothing is taken.
 */
import { executeServerCommand } from '@web/test-runner-commands';

/** One picture of the gallery: which element, state and combination it shows, and its file. */
export interface Shot {
  element: string;
  state: string;
  /** One of the element's main states (goes into docs/gallery). */
  main: boolean;
  /** Relative to the gallery's directory. */
  file: string;
  size: string;
  look: string;
  locale: string;
}

let on: Promise<boolean> | undefined;

/** Whether this run saves screenshots (asked once). */
export const screenshotsOn = (): Promise<boolean> => (on ??= executeServerCommand<boolean, undefined>('ih-screenshots-on'));

/**
 * Saves a PNG of `el`'s box (the whole box, also below the first screen), or of the viewport
 * when `el` is null, as `shot.file`; the plugin lists the shot in the gallery's shots.jsonl.
 */
export async function screenshot(shot: Shot, el: Element | null): Promise<void> {
  let clip: { x: number; y: number; width: number; height: number } | undefined;
  if (el) {
    const r = el.getBoundingClientRect();
    clip = { x: Math.max(0, r.left + scrollX), y: Math.max(0, r.top + scrollY), width: Math.ceil(r.width), height: Math.ceil(r.height) };
  }
  await executeServerCommand('ih-screenshot', { shot, clip });
}
