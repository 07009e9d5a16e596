import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { InsuranceAdapter, InsuranceSplit, InsuredItem } from '../insurance.js';
import { isDateTime, must, rejectsWithCode, useSubject, type Subject } from './suite.js';

export interface InsuranceFixture {
  /** The gateway's opaque reference of an insured person the test channel knows. */
  payerRef: string;
  /** Items the channel covers at least in part (codes in its catalogue), with their prices. */
  items: InsuredItem[];
  /** Plays the insured on the e-certificate page: authorises the request with this `state` and returns the code the page hands back. */
  authorise(state: string): Promise<string>;
}

const newState = () => `state_${randomUUID().replaceAll('-', '')}`;
const sum = (items: readonly InsuredItem[]) => items.reduce((n, i) => n + i.amount.amount, 0);

/** A split's arithmetic: integer fen, none negative, the parts adding up, overall and per item. */
function assertSplit(split: InsuranceSplit, items: readonly InsuredItem[], what: string): void {
  const parts = (s: Pick<InsuranceSplit, 'pooled' | 'personalAccount' | 'selfPay'>) => [s.pooled.amount, s.personalAccount.amount, s.selfPay.amount];
  for (const n of parts(split)) assert.ok(Number.isInteger(n) && n >= 0, `${what}: amounts are whole fen, none negative (got ${parts(split).join(', ')})`);
  assert.equal(split.total.amount, sum(items), `${what}: the total is what was asked to settle`);
  assert.equal(parts(split).reduce((a, b) => a + b, 0), split.total.amount, `${what}: pooled + personal account + self-pay = total`);
  assert.deepEqual(split.items.map((i) => i.code).sort(), items.map((i) => i.code).sort(), `${what}: one line per item asked`);
  for (const line of split.items) {
    const asked = items.find((i) => i.code === line.code)!;
    assert.equal(parts(line).reduce((a, b) => a + b, 0), asked.amount.amount, `${what}: item ${line.code}'s shares add up to its amount`);
    assert.ok(['A', 'B', 'C'].includes(line.category), `${what}: item ${line.code} has a coverage category (A, B or C), not ${line.category}`);
    if (line.category === 'C') assert.equal(line.pooled.amount + line.personalAccount.amount, 0, `${what}: a class C item is self-pay`);
  }
}

/**
 * Registers node:test tests that check an InsuranceAdapter against the contract in
 * insurance.ts: the split's arithmetic, single-use authorisation codes, and settle / reverse
 * that happen once however often the gateway asks.
 */
export function insuranceConformance(name: string, setup: () => Promise<Subject<InsuranceAdapter, InsuranceFixture>>): void {
  describe(`InsuranceAdapter conformance: ${name}`, () => {
    const subject = useSubject(setup);

    /** Authorised and pre-settled under a fresh settlement id. */
    async function preSettled() {
      const { adapter, fixture } = subject();
      const state = newState();
      const auth = await must('must answer an authorisation request', () => adapter.authorise({ state, returnUrl: 'https://portal.example/rx', payerRef: fixture.payerRef }));
      assert.equal(auth.state, state, 'authorise answers with the state it was given');
      assert.ok(typeof auth.redirectUrl === 'string' && auth.redirectUrl.length > 0, 'authorise gives the e-certificate page to send the insured to');
      const authCode = await fixture.authorise(state);
      const settlementId = `stl_${randomUUID()}`;
      const total = { amount: sum(fixture.items), currency: 'CNY' };
      const pre = await must('must pre-settle an authorised order', () => adapter.preSettle({ settlementId, authCode, payerRef: fixture.payerRef, items: fixture.items, total }));
      return { settlementId, authCode, total, pre };
    }

    test('a pre-settlement splits the total into pooled fund, personal account and self-pay, item by item', async () => {
      const { fixture } = subject();
      const { pre } = await preSettled();
      assertSplit(pre, fixture.items, 'preSettle');
      assert.ok(pre.insurerRef, 'preSettle gives the insurer’s reference that settle confirms');
    });

    test('an authorisation code is good once; an unknown one is refused', async () => {
      const { adapter, fixture } = subject();
      const { authCode, total } = await preSettled();
      await rejectsWithCode(() => adapter.preSettle({ settlementId: `stl_${randomUUID()}`, authCode, payerRef: fixture.payerRef, items: fixture.items, total }), 'INSURANCE_REFUSED', 'preSettle with a code already used');
      await rejectsWithCode(() => adapter.preSettle({ settlementId: `stl_${randomUUID()}`, authCode: 'ihkit-conformance-unknown-code', payerRef: fixture.payerRef, items: fixture.items, total }), 'INSURANCE_REFUSED', 'preSettle with an unknown code');
    });

    test('settle happens once: asked again it gives the first answer, and query tells the same', async () => {
      const { adapter, fixture } = subject();
      const { settlementId, pre } = await preSettled();
      assert.equal((await adapter.query({ settlementId })).status, 'pre-settled', 'query of a pre-settled order');
      const first = await must('must settle a pre-settled order', () => adapter.settle({ settlementId, insurerRef: pre.insurerRef }));
      assertSplit(first, fixture.items, 'settle');
      assert.ok(first.settlementRef, 'settle gives the insurer’s settlement number');
      assert.ok(isDateTime(first.at), `settle says when (an ISO instant), not ${first.at}`);
      assert.deepEqual(await adapter.settle({ settlementId, insurerRef: pre.insurerRef }), first, 'settle asked again answers the first settlement');
      assert.deepEqual(await adapter.query({ settlementId }), { status: 'settled', settlement: first }, 'query of a settled order');
    });

    test('reverse happens once: asked again it gives the first reversal, and query tells it', async () => {
      const { adapter } = subject();
      const { settlementId, pre } = await preSettled();
      const settled = await adapter.settle({ settlementId, insurerRef: pre.insurerRef });
      const reversalId = `rev_${randomUUID()}`;
      const first = await must('must reverse a settlement', () => adapter.reverse({ settlementId, reversalId, settlementRef: settled.settlementRef, reason: 'cancelled' }));
      assert.ok(first.reversalRef, 'reverse gives the insurer’s reversal reference');
      assert.deepEqual(await adapter.reverse({ settlementId, reversalId, settlementRef: settled.settlementRef, reason: 'cancelled' }), first, 'reverse asked again answers the first reversal');
      const state = await adapter.query({ settlementId });
      assert.equal(state.status, 'reversed', 'query of a reversed settlement');
    });

    test('query of a settlement the insurer never saw is absent', async () => {
      const { adapter } = subject();
      assert.deepEqual(await must('must answer for an unknown settlement', () => adapter.query({ settlementId: `stl_${randomUUID()}` })), { status: 'absent' });
    });
  });
}
