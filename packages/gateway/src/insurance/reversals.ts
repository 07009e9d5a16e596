/**
 * Reversals (冲正 / 退费) go to the insurer through an outbox (outbox.ts), announced and relayed
 * with the refunds (payments/refunds.ts): recorded in the transaction that gives the money back,
 * made at the insurer after it commits, by the reversal's own id, which the insurer answers
 * once however often it is asked.
 *
 * A settlement reversed while it was `settling` has no settlement number yet: the insurer is
 * asked what became of it, and once the settle call can no longer be under way, one it never
 * made needs no reversal.
 */
import type { Queryable } from '@ihkit/adapters';
import type { Services } from '../operations.js';
import { announce, type Outbox } from '../outbox.js';
import { REFUND_CHANNEL } from '../payments/refunds.js';
import { liveSettlement, type SettledFor, type SettlementRow } from './store.js';

/** How long after a settle call started the insurer's silence about it means it was never made. */
const SETTLE_CALL_MS = 5 * 60_000;

interface ReversalRow {
  id: string;
  attempts: number;
  settlement_id: string;
  insurer: string;
  settlement_ref: string;
  reason: string;
}

/**
 * The money of a prescription or a consult's fee goes back (cancelled, expired or declined with
 * or without its self-pay part paid, or no longer payable when paid): its insurance settlement is
 * reversed, in the caller's transaction. The self-pay part is refunded by the caller, as any payment.
 */
export async function reverseInsurance(tx: Queryable, services: Services, of: SettledFor, reason: string): Promise<void> {
  const row = await liveSettlement(tx, of, true);
  if (!row) return;
  await tx.query(`UPDATE insurance_settlements SET status = 'reversed', reversed_at = $2 WHERE id = $1`, [row.id, services.now()]);
  await recordReversal(tx, row, reason, services.now());
}

/** Records the reversal of `row` in the caller's transaction (once per settlement). */
export async function recordReversal(tx: Queryable, row: SettlementRow, reason: string, now: Date): Promise<void> {
  await tx.query(
    `INSERT INTO insurance_reversals (id, settlement_id, insurer, settlement_ref, reason, requested_at, next_attempt_at)
     VALUES ($1, $2, $3, $4, $5, $6, $6) ON CONFLICT (settlement_id) DO NOTHING`,
    [`rv_${row.id}`, row.id, row.insurer, row.settlement_ref ?? '', reason, now],
  );
  await announce(tx, { channel: REFUND_CHANNEL });
}

class UnknownInsurer extends Error {
  override readonly name = 'UnknownInsurer';
  constructor(insurer: string) {
    super(`no insurer named ${insurer} on this gateway`);
  }
}

class SettleMayBeUnderWay extends Error {
  override readonly name = 'SettleMayBeUnderWay';
}

export function reversalOutbox(services: Services): Outbox<ReversalRow> {
  return {
    table: 'insurance_reversals',
    columns: ['settlement_id', 'insurer', 'settlement_ref', 'reason'],
    channel: REFUND_CHANNEL,
    async deliver(r) {
      const insurer = services.insurance;
      if (!insurer || insurer.insurer !== r.insurer) throw new UnknownInsurer(r.insurer);
      let settlementRef = r.settlement_ref;
      if (!settlementRef) {
        const state = await insurer.query({ settlementId: r.settlement_id });
        if (state.status === 'reversed') return { reversal_ref: state.reversalRef };
        if (state.status === 'settled') settlementRef = state.settlement.settlementRef;
        else {
          const started = (await services.db.query<{ settle_started_at: Date | null }>('SELECT settle_started_at FROM insurance_settlements WHERE id = $1', [r.settlement_id])).rows[0]?.settle_started_at;
          if (started && services.now().getTime() - started.getTime() < SETTLE_CALL_MS) throw new SettleMayBeUnderWay('the settle call may still be under way');
          return { reversal_ref: null };
        }
      }
      const { reversalRef } = await insurer.reverse({ settlementId: r.settlement_id, reversalId: r.id, settlementRef, reason: r.reason });
      return { reversal_ref: reversalRef };
    },
    onFailure: (r, e) => services.log?.warn({ reversalId: r.id, attempts: r.attempts, errorType: e.type, errorCode: e.code }, 'a reversal at the insurer failed; will retry'),
  };
}
