// A web-test-runner plugin that saves screenshots for the visual gallery: the browser asks
// `ih-screenshots-on` once, then sends `ih-screenshot` with a shot (element, state, combination
// and a relative .png file name) and an optional clip in page coordinates; each saved shot is
// listed as a line of shots.jsonl. Only when a directory is given (IH_GALLERY_DIR, set by
// scripts/gallery.mjs); otherwise nothing is saved.
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';

/** @param {string | undefined} dir where the PNGs go */
export function screenshotPlugin(dir) {
  return {
    name: 'ih-screenshot',
    async executeCommand({ command, payload, session }) {
      if (command === 'ih-screenshots-on') return Boolean(dir);
      if (command !== 'ih-screenshot') return undefined;
      if (!dir) return false;
      const shot = payload?.shot ?? {};
      const file = normalize(String(shot.file ?? ''));
      if (!file.endsWith('.png') || file.startsWith('..') || file.startsWith('/')) throw new Error(`ih-screenshot: bad file name ${shot.file}`);
      const path = join(dir, file);
      mkdirSync(dirname(path), { recursive: true });
      const page = session.browser.getPage(session.id);
      await page.screenshot({ path, fullPage: Boolean(payload.clip), clip: payload.clip, animations: 'disabled', caret: 'hide' });
      appendFileSync(join(dir, 'shots.jsonl'), `${JSON.stringify({ ...shot, file })}\n`);
      return true;
    },
  };
}
