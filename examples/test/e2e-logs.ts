/**
 * Where the e2e tests keep what their processes log: one directory per run
 * (IHKIT_E2E_LOG_DIR; `npm test` makes it and, after the e2e suite, scripts/scan-logs.mjs
 * scans it for personal data), one file per gateway, server, command and browser. Run alone,
 * a test file makes its own directory under the OS temp dir.
 */
import { createWriteStream, mkdirSync, mkdtempSync, type WriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import { chromiumPath } from '../../scripts/system.mjs';

/** The run's log directory (made on first use when IHKIT_E2E_LOG_DIR is not set; children inherit it). */
export function e2eLogDir(): string {
  const dir = (process.env.IHKIT_E2E_LOG_DIR ??= mkdtempSync(join(tmpdir(), 'ihkit-e2e-logs-')));
  mkdirSync(dir, { recursive: true });
  return dir;
}

let count = 0;
/** A new file in the log directory, named after the test file and `what` (e.g. `portal.e2e-3-gateway.log`). */
export function logFile(what: string): string {
  const file = basename(process.argv[1] ?? 'e2e').replace(/\.test\.[mc]?[jt]s$/, '');
  count += 1;
  return join(e2eLogDir(), `${file}-${process.pid}-${count}-${what.replace(/[^\w.-]+/g, '_')}.log`);
}

/** An append stream to a new log file. */
export function logStream(what: string): WriteStream {
  return createWriteStream(logFile(what), { flags: 'a' });
}

/**
 * Debian's Chromium as the tests run it, writing its own log (console messages included) and,
 * through recordBrowserConsole, every page's console into the directory.
 */
export async function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--enable-logging', `--log-file=${logFile('chromium')}`, '--v=0', ...extraArgs],
  });
  recordBrowserConsole(browser);
  return browser;
}

/**
 * Writes every console message and uncaught error of every page the browser opens (contexts
 * made through `newContext` or `newPage`) into a log file, one JSON line each.
 */
export function recordBrowserConsole(browser: Browser): WriteStream {
  const out = logStream('browser-console');
  const watch = (context: BrowserContext) => {
    context.on('console', (m) => out.write(`${JSON.stringify({ type: m.type(), text: m.text(), url: m.location().url })}\n`));
    context.on('weberror', (e) => out.write(`${JSON.stringify({ type: 'pageerror', text: String(e.error()) })}\n`));
  };
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (options) => {
    const context = await newContext(options);
    watch(context);
    return context;
  };
  browser.on('disconnected', () => out.end());
  return out;
}
