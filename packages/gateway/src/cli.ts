#!/usr/bin/env node
/**
 * ihkit-gateway: runs the gateway from environment variables (see config.ts):
 * PORT, HOST, DATABASE_URL or IHKIT_DATA_DIR, IHKIT_DEMO, IHKIT_JWT_SECRET, IHKIT_JWKS_URL,
 * IHKIT_JWT_ISSUER, IHKIT_JWT_AUDIENCE, IHKIT_ALLOWED_ORIGINS, IHKIT_CANCEL_CUTOFF_MINUTES,
* IHKIT_API_PREFIX, IHKIT_TRUST_PROXY, IHKIT_HIS_TIMEOUT_MS, IHKIT_LOG_LEVEL. With arguments,
 * one of the commands of commands.ts (migrate, audit verify, records purge / hold / release, verify).
 *
 * `ihkit-gateway reconcile <provider> <YYYY-MM-DD>` compares that payment provider's bill of
 * that day (Beijing time) with the gateway's payments and refunds now, with the same settings,
 * without serving: it prints the run and every difference as JSON, and exits 0 when there is
 * none, 2 when there are differences, 1 when the bill could not be had.
 */
import { createGateway } from './gateway.js';
import { loadConfig } from './config.js';
import { runCommand } from './commands.js';
import { safeError } from './logging.js';

/** `reconcile <provider> <date>`: one day's reconciliation (对账), for the finance office or a cron job. */
async function reconcile(provider: string | undefined, date: string | undefined): Promise<void> {
  if (!provider || !date || !/^\d{4}-\d{2}-\d{2}$/.test(date)) {
    console.error('usage: ihkit-gateway reconcile <provider> <YYYY-MM-DD>');
    process.exit(64);
  }
  const config = loadConfig(process.env);
  // No sweeps and no MLLP listener: this process only compares, then ends.
  const gateway = await createGateway({ ...config, sweepIntervalMs: 0, mllpPort: undefined, logger: { level: 'warn', stream: process.stderr } }); // stdout is the report's
  try {
    const report = await gateway.reconcile(provider, date);
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    process.exitCode = report.differences.some((d) => d.source === 'bill') ? 2 : 0;
  } catch (error) {
    // The error's type and code only: a provider's message may carry anything.
    const e = safeError(error);
    console.error(`ihkit-gateway reconcile failed: ${e.type}${e.code ? ` ${e.code}` : ''}`);
    process.exitCode = 1;
  } finally {
    await gateway.close();
  }
}

async function serve(): Promise<void> {
  const config = loadConfig(process.env);
  const gateway = await createGateway(config);
  await gateway.app.listen({ port: config.port, host: config.host });
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    gateway.app.log.info({ signal }, 'shutting down');
    gateway.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

const args = process.argv.slice(2);
if (args[0] === 'reconcile') {
  reconcile(args[1], args[2]).catch((error: unknown) => {
    console.error('ihkit-gateway reconcile failed:', safeError(error).type);
    process.exit(1);
  });
} else if (args.length) {
  runCommand(args, process.env).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(`ihkit-gateway ${args[0]} failed:`, error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
} else {
  serve().catch((error: unknown) => {
    console.error('ihkit-gateway failed to start:', error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
