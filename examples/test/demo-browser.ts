/**
 * What every end-to-end test starts from: the demo hospital as `npm start` runs it (on a
 * fresh embedded database) and Debian's Chromium, both closed after the file's tests.
 */
import { after, before } from 'node:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { chromiumPath } from '../../scripts/system.mjs';
import { startDemo } from '../serve.mjs';

export interface DemoAndBrowser {
  demo: { url: string; close(): Promise<void> };
  browser: Browser;
}

/**
 * Registers before/after hooks; the returned object is filled in once they have run. `extraEnv`
 * adds gateway settings, `extraArgs` Chromium switches (fake camera and microphone, say).
 */
export function demoAndBrowser(extraEnv: Record<string, string> = {}, extraArgs: string[] = []): DemoAndBrowser {
  const env = {} as DemoAndBrowser;
  const dataDir = mkdtempSync(join(tmpdir(), 'ihkit-e2e-'));
  before(async () => {
    env.demo = await startDemo({ PORT: '0', IHKIT_DATA_DIR: dataDir, IHKIT_LOG_LEVEL: 'warn', IHKIT_JWT_SECRET: 'e2e-secret-0123456789abcdef0123456789', ...extraEnv });
    env.browser = await chromium.launch({
      executablePath: chromiumPath(),
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', ...extraArgs],
    });
  });
  after(async () => {
    await env.browser?.close();
    await env.demo?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
  return env;
}

/** Saves a full-page screenshot into IHKIT_E2E_SHOTS, when that is set. */
export async function shot(page: Page, name: string): Promise<void> {
  const dir = process.env.IHKIT_E2E_SHOTS;
  if (dir) await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true });
}
