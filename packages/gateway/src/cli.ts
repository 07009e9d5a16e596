#!/usr/bin/env node
/**
 * ihkit-gateway: runs the gateway from environment variables (see config.ts):
 * PORT, HOST, DATABASE_URL or IHKIT_DATA_DIR, IHKIT_DEMO, IHKIT_JWT_SECRET, IHKIT_JWKS_URL,
 * IHKIT_JWT_ISSUER, IHKIT_JWT_AUDIENCE, IHKIT_ALLOWED_ORIGINS, IHKIT_CANCEL_CUTOFF_MINUTES,
 * IHKIT_API_PREFIX, IHKIT_TRUST_PROXY, IHKIT_HIS_TIMEOUT_MS, IHKIT_LOG_LEVEL. With arguments,
 * one of the commands of commands.ts (migrate, audit verify, records purge / hold / release).
 */
import { createGateway } from './gateway.js';
import { loadConfig } from './config.js';
import { runCommand } from './commands.js';

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
if (args.length) {
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
