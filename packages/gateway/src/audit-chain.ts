/**
 * Verifying the audit log's hash chains (gw_015_audit_chain, gw_033_audit_chains; `ihkit-gateway audit verify`). The
 * chain is recomputed here, in the verifier's own code, from each row's columns — not by the
 * database's functions, which whoever could change the rows could change too: a row whose
 * contents no longer give its hash, that does not follow the row before it, or whose place is
 * missing is named, and the walk stops there. The text hashed is the one `ihkit_audit_text`
 * builds in the migration; the audit chain tests hold the two to each other.
 *
 * What a chain shows, and what not: anyone who changes, removes or inserts a row without the
 * owner's rights cannot (the gateway's role may only INSERT, and the database fills in the chain);
 * someone with them can rewrite every hash after the row they changed. Verify against a head
 * recorded elsewhere (`anchor`: a seq and hash printed by an earlier run) to catch that.
 */
import { createHash } from 'node:crypto';
import type { Queryable } from '@ihkit/adapters';

/** The prev_hash of the first row. */
export const GENESIS = new Uint8Array(32);

/** An audit_log row as the verifier reads it: `at` in UTC with microseconds, as the database hashes it. */
export interface ChainRow {
  id: number;
  seq: number;
  at_utc: string;
  actor_id: string | null;
  actor_role: string | null;
  action: string;
  patient_id: string | null;
  resource_type: string | null;
  resource_id: string | null;
  outcome: string;
  request_id: string | null;
  prev_hash: Uint8Array;
  hash: Uint8Array;
}

/** The columns the hash covers, in order; a column added to audit_log must be added here and to ihkit_audit_text. */
export const HASHED_COLUMNS = ['seq', 'at', 'actor_id', 'actor_role', 'action', 'patient_id', 'resource_type', 'resource_id', 'outcome', 'request_id'] as const;

const field = (v: string | null) => (v === null ? '-' : `${Buffer.byteLength(v, 'utf8')}:${v}`);

/** The text a row's hash covers (ihkit_audit_text's, recomputed). */
export function chainText(r: ChainRow): string {
  return [String(r.seq), r.at_utc, ...[r.actor_id, r.actor_role, r.action, r.patient_id, r.resource_type, r.resource_id, r.outcome, r.request_id].map(field)].join('|');
}

export function chainHash(prev: Uint8Array, r: ChainRow): Buffer {
  return createHash('sha256').update(prev).update(chainText(r), 'utf8').digest();
}

/** A chain's last row as verified: `audit verify` prints it, and `--anchor` takes it back. */
export interface ChainHead {
  chain: number;
  seq: number;
  hash: string;
}

export type ChainVerdict =
  | { ok: true; rows: number; heads: ChainHead[] }
  | { ok: false; rows: number; broken: { chain: number; seq: number; id: number | null; reason: string } };

const equal = (a: Uint8Array, b: Uint8Array) => Buffer.from(a).equals(Buffer.from(b));
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

const SELECT = `SELECT id, seq, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS at_utc, actor_id, actor_role, action, patient_id,
  resource_type, resource_id, outcome, request_id, prev_hash, hash FROM audit_log
  WHERE chain = $4 AND seq > $1 AND ($3::bigint IS NULL OR seq <= $3) ORDER BY seq LIMIT $2`;

type Broken = Extract<ChainVerdict, { ok: false }>['broken'];

/**
 * Walks each chain (gw_033_audit_chains: rows are spread over several, each unbroken on its own)
 * from its first row, `batch` rows at a time, and names the first broken row. `anchors`: heads
 * recorded earlier, each of which must still be in its chain as it was.
 */
export async function verifyAuditChain(q: Queryable, opts: { batch?: number; anchors?: ChainHead[] } = {}): Promise<ChainVerdict> {
  const batch = opts.batch ?? 5000;
  let rows = 0;
  const heads: ChainHead[] = [];
  // The heads as they are now: rows written while the walk goes on are after them. They are the
  // owner's to read; a role that cannot read them verifies the rows alone (and cannot tell a
  // shortened chain), walking the chains the rows name.
  const stored = await q.query<{ chain: number; seq: number; hash: Uint8Array }>('SELECT chain, seq, hash FROM audit_chain ORDER BY chain').then((r) => r.rows, () => undefined);
  const chains = stored?.map((h) => h.chain)
    ?? (await q.query<{ chain: number }>('SELECT DISTINCT chain FROM audit_log ORDER BY chain')).rows.map((r) => r.chain);
  for (const anchor of opts.anchors ?? []) {
    if (!chains.includes(anchor.chain)) return { ok: false, rows, broken: { chain: anchor.chain, seq: anchor.seq, id: null, reason: `the anchor's chain ${anchor.chain} is missing` } };
  }
  for (const chain of chains) {
    const head = stored?.find((h) => h.chain === chain);
    const anchor = opts.anchors?.find((a) => a.chain === chain);
    let prev: { seq: number; hash: Uint8Array } = { seq: 0, hash: GENESIS };
    let anchorSeen = false;
    const broken = (b: Omit<Broken, 'chain'>): ChainVerdict => ({ ok: false, rows, broken: { chain, ...b } });
    for (;;) {
      const page = (await q.query<ChainRow>(SELECT, [prev.seq, batch, head?.seq ?? null, chain])).rows;
      for (const r of page) {
        if (r.seq !== prev.seq + 1) return broken({ seq: prev.seq + 1, id: null, reason: `missing: the chain goes from seq ${prev.seq} to seq ${r.seq} (audit_log id ${r.id})` });
        if (!equal(r.prev_hash, prev.hash)) return broken({ seq: r.seq, id: r.id, reason: `does not follow the row before it: seq ${prev.seq} was changed, removed or replaced` });
        if (!equal(chainHash(prev.hash, r), r.hash)) return broken({ seq: r.seq, id: r.id, reason: 'its contents do not give its hash: it was changed after it was written' });
        if (anchor && r.seq === anchor.seq) {
          if (hex(r.hash) !== anchor.hash.toLowerCase()) return broken({ seq: r.seq, id: r.id, reason: `its hash is not the anchor's (${anchor.hash}): the chain up to it was rewritten` });
          anchorSeen = true;
        }
        prev = { seq: r.seq, hash: r.hash };
        rows += 1;
      }
      if (page.length < batch) break;
    }
    if (anchor && !anchorSeen) return broken({ seq: anchor.seq, id: null, reason: `the anchor's row is missing: the chain ends at seq ${prev.seq}` });
    if (head && (head.seq !== prev.seq || !equal(head.hash, prev.hash))) {
      return broken({ seq: prev.seq + 1, id: null, reason: `missing: the chain's head is seq ${head.seq}, the last row seq ${prev.seq} — rows at the end were removed` });
    }
    if (prev.seq) heads.push({ chain, seq: prev.seq, hash: hex(prev.hash) });
  }
  return { ok: true, rows, heads };
}

/** A head as `--anchor` takes it: <chain>:<seq>:<sha256>. */
export const formatAnchor = (h: ChainHead) => `${h.chain}:${h.seq}:${h.hash}`;

/** The verdict as a line for people (the CLI). */
export function describeVerdict(v: ChainVerdict): string {
  if (v.ok) return v.heads.length ? `audit chain intact: ${v.rows} rows; heads (chain:seq:sha256) ${v.heads.map(formatAnchor).join(' ')}` : 'audit chain intact: no rows yet';
  const id = v.broken.id === null ? '' : ` (audit_log id ${v.broken.id})`;
  return `audit chain ${v.broken.chain} broken at seq ${v.broken.seq}${id}: ${v.broken.reason}; ${v.rows} rows before it verify`;
}
