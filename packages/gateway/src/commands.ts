/**
 * The ihkit-gateway commands besides running the server. They connect as the database's owner
 * (IHKIT_MIGRATION_DATABASE_URL) when it is set, else as DATABASE_URL, else to the PGlite data
 * directory (which a running gateway holds: stop it first).
 *
 *   ihkit-gateway migrate [--grant <role>]        apply migrations; grant the gateway's role
 *                                                 (default: DATABASE_URL's user, when both URLs are set)
 *   ihkit-gateway audit verify [--anchor <chain>:<seq>:<sha256> …]
 *                                                 walk the audit chain; name its first broken row (exit 1)
 *   ihkit-gateway records purge                   delete what is past its retention and on no hold
 *   ihkit-gateway records hold <patientId> --reference <case> [--by <officer id>]
 *   ihkit-gateway records release <holdId> [--by <officer id>]
 *   ihkit-gateway verify <code>                   check the signatures of the prescription a printed
 *                                                 verification code names (exit 1 when one fails)
 */
import { parseArgs } from 'node:util';
import type { Db } from '@ihkit/adapters';
import { describeVerdict, verifyAuditChain, type ChainHead } from './audit-chain.js';
import { loadConfig, type GatewayConfig } from './config.js';
import { migrate, openDb } from './db/index.js';
import { grantGatewayRole } from './db/roles.js';
import { migrationsOf } from './migrations/index.js';
import { placeHold, releaseHold } from './records/holds.js';
import { purgeRecords } from './records/purge.js';
import { verifyByCode } from './prescriptions/verification.js';
import { signatureTrustOf } from './signature-trust.js';

export const USAGE = `usage: ihkit-gateway                      run the gateway
       ihkit-gateway migrate [--grant <role>]
       ihkit-gateway audit verify [--anchor <chain>:<seq>:<sha256> …]
       ihkit-gateway records purge
       ihkit-gateway records hold <patientId> --reference <case> [--by <officer id>]
       ihkit-gateway records release <holdId> [--by <officer id>]
       ihkit-gateway verify <code>`;

/** The role DATABASE_URL signs in as, when the URL names it. */
function gatewayRoleOf(config: GatewayConfig): string | undefined {
  if (!config.migrationDatabaseUrl || !config.databaseUrl) return undefined;
  const user = new URL(config.databaseUrl).username;
  return user ? decodeURIComponent(user) : undefined;
}

/** `<chain>:<seq>:<sha256>` as audit verify prints a head (`<seq>:<sha256>`, from before the chains, is chain 0). */
function parseAnchor(text: string): ChainHead {
  const m = /^(?:(\d+):)?(\d+):([0-9a-fA-F]{64})$/.exec(text);
  if (!m) throw new UsageError('--anchor is <chain>:<seq>:<sha256 in hex>, a head as audit verify printed it');
  return { chain: Number(m[1] ?? 0), seq: Number(m[2]), hash: m[3]!.toLowerCase() };
}

class UsageError extends Error {}

/** Runs a command; returns the exit code. `out` gets each line to print. */
export async function runCommand(args: string[], env: NodeJS.ProcessEnv, out: (line: string) => void = console.log): Promise<number> {
  const config = loadConfig(env);
  let parsed;
  try {
    parsed = parseArgs({ args, allowPositionals: true, options: { grant: { type: 'string' }, anchor: { type: 'string', multiple: true }, reference: { type: 'string' }, by: { type: 'string' } } });
  } catch (e) {
    out(`${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  const [command, sub, arg] = parsed.positionals;
  const { values } = parsed;
  const withDb = async (fn: (db: Db) => Promise<number>) => {
    const db = await openDb({ databaseUrl: config.migrationDatabaseUrl ?? config.databaseUrl, dataDir: config.dataDir });
    try {
      return await fn(db);
    } finally {
      await db.close();
    }
  };
  try {
    if (command === 'migrate' && !sub) {
      return await withDb(async (db) => {
        const applied = await migrate(db, migrationsOf(config.demo !== false));
        out(applied.length ? `applied ${applied.join(', ')}` : 'no migrations to apply');
        const role = values.grant ?? gatewayRoleOf(config);
        if (role) {
          await grantGatewayRole(db, role);
          out(`granted ${role} the gateway's privileges`);
        }
        return 0;
      });
    }
    if (command === 'verify' && sub && !arg) {
      const trust = await signatureTrustOf(config);
      return await withDb(async (db) => {
        const found = await verifyByCode(trust, db, sub.toUpperCase());
        if (!found) {
          out('no prescription has this verification code');
          return 1;
        }
        const v = found.verification;
        out(`prescription ${v.number} (version ${v.version}, ${v.status}), issued ${v.issuedAt}, valid until ${v.validUntil}: ${v.valid ? 'signatures valid' : 'SIGNATURE INVALID'}`);
        for (const [role, s] of [['doctor', v.doctor], ['pharmacist', v.pharmacist]] as const) {
          if (!s) continue;
          out(s.valid
            ? `  ${role}: ${s.name} (licence ${s.licenceNumber}), certificate ${s.certificateSerial} of ${s.issuer}, signed ${s.signedAt}: valid`
            : `  ${role}: ${s.name}: INVALID (${s.fault})`);
        }
        return v.valid ? 0 : 1;
      });
    }
    if (command === 'audit' && sub === 'verify' && !arg) {
      const anchors = values.anchor?.map(parseAnchor);
      return await withDb(async (db) => {
        const verdict = await verifyAuditChain(db, { anchors });
        out(describeVerdict(verdict));
        return verdict.ok ? 0 : 1;
      });
    }
    if (command === 'records' && sub === 'purge' && !arg) {
      return await withDb(async (db) => {
        const r = await purgeRecords(db);
        out(`purged ${r.consults} consults, the chat and media of ${r.chatMedia} more, ${r.labReports} lab reports, ${r.carePlans} follow-up plans; ${r.kept} kept (still retained)`);
        return 0;
      });
    }
    if (command === 'records' && sub === 'hold' && arg && values.reference) {
      return await withDb(async (db) => {
        out(`legal hold ${await placeHold(db, arg, values.reference!, { by: values.by })} placed on patient ${arg}`);
        return 0;
      });
    }
    if (command === 'records' && sub === 'release' && arg) {
      return await withDb(async (db) => {
        if (await releaseHold(db, arg, { by: values.by })) {
          out(`legal hold ${arg} released`);
          return 0;
        }
        out(`no legal hold ${arg} in force`);
        return 1;
      });
    }
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    out(`${e.message}\n${USAGE}`);
    return 2;
  }
  out(USAGE);
  return 2;
}
