/**
 * The sandbox insurer's split rules, worked by hand: 甲 fully eligible, 乙 with the insured's
 * share first, 丙 self-pay; the open deductible first, then the pooled fund's ratio; the
 * insured's part from the personal account while it lasts; a consult's fee by its service rule.
 * And its idempotent settle/reverse.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AdapterError, CONSULT_SERVICE_CODE, createSandboxInsurance, sandboxInsuranceServices, splitItems, type InsuredItem } from '@ihkit/adapters';
import { insuranceConformance } from '@ihkit/adapters/conformance';

const cny = (amount: number) => ({ amount, currency: 'CNY' });
const item = (code: string, amount: number): InsuredItem => ({ code, quantity: 1, unitPrice: cny(amount), amount: cny(amount) });
const rules = { catalogue: new Map([['a', 'A' as const], ['b', 'B' as const], ['c', 'C' as const]]), deductible: 10_000, pooledPercent: 70, bSharePercent: 10 };

test('the split: deductible, ratio, 乙 share, 丙 self-pay, the account while it lasts', () => {
  // ¥10 of deductible open, ¥50 in the account.
  const split = splitItems([item('a', 2000), item('b', 3000), item('c', 1000), item('unlisted', 500)], { balance: 5000, deductibleMet: 9000 }, rules);
  // a: 1000 under the deductible, 1000 above: pooled 700, insured 300 → account 1300.
  assert.deepEqual([split.items[0]!.eligible.amount, split.items[0]!.pooled.amount, split.items[0]!.personalAccount.amount, split.items[0]!.selfPay.amount], [2000, 700, 1300, 0]);
  // b: 300 first, 2700 eligible: pooled 1890, insured 810 + 300 → account 1110.
  assert.deepEqual([split.items[1]!.eligible.amount, split.items[1]!.pooled.amount, split.items[1]!.personalAccount.amount, split.items[1]!.selfPay.amount], [2700, 1890, 1110, 0]);
  // c and the unlisted drug: self-pay, never the account's.
  assert.deepEqual(split.items.slice(2).map((i) => [i.category, i.pooled.amount, i.personalAccount.amount, i.selfPay.amount]), [['C', 0, 0, 1000], ['C', 0, 0, 500]]);
  assert.deepEqual([split.pooled, split.personalAccount, split.selfPay, split.deductible], [2590, 2410, 1500, 1000]);

  // An account of ¥5: the rest of the insured's part is self-pay.
  const poor = splitItems([item('a', 2000)], { balance: 500, deductibleMet: 10_000 }, rules);
  assert.deepEqual([poor.pooled, poor.personalAccount, poor.selfPay], [1400, 500, 100]);
});

test('a consult’s fee: up to its price limit, 60 % from the fund, no deductible, the rest of it from the account, above the limit self-pay', () => {
  const services = sandboxInsuranceServices();
  // ¥50 (a chief physician's): ¥20 eligible, ¥12 pooled, ¥8 from the account, ¥30 self-pay; the deductible left open.
  const chief = splitItems([item(CONSULT_SERVICE_CODE, 5000)], { balance: 5000, deductibleMet: 0 }, { ...rules, services });
  assert.deepEqual(chief.items.map((i) => [i.code, i.category, i.eligible.amount, i.pooled.amount, i.personalAccount.amount, i.selfPay.amount]), [[CONSULT_SERVICE_CODE, 'A', 2000, 1200, 800, 3000]]);
  assert.equal(chief.deductible, 0, 'outside the deductible');
  // ¥20 (an attending's): nothing left to pay while the account lasts; ¥5 in it, ¥3 self-pay.
  assert.deepEqual(splitItems([item(CONSULT_SERVICE_CODE, 2000)], { balance: 5000, deductibleMet: 0 }, { ...rules, services }).selfPay, 0);
  const poor = splitItems([item(CONSULT_SERVICE_CODE, 2000)], { balance: 500, deductibleMet: 0 }, { ...rules, services });
  assert.deepEqual([poor.pooled, poor.personalAccount, poor.selfPay], [1200, 500, 300]);
  // Without the rule, the code is an unlisted item: self-pay.
  assert.equal(splitItems([item(CONSULT_SERVICE_CODE, 2000)], { balance: 5000, deductibleMet: 0 }, rules).selfPay, 2000);
});

test('the flow: a code once, settled once, reversed once, the account given back', async () => {
  const insurer = createSandboxInsurance({ catalogue: rules.catalogue });
  const { redirectUrl } = await insurer.authorise({ state: 'state_0123456789abcdef', returnUrl: 'https://portal.example/rx', payerRef: 'p1' });
  assert.equal(redirectUrl, '/demo/insurance/?state=state_0123456789abcdef');
  const { code, returnUrl } = insurer.answer('state_0123456789abcdef', 'authorise')!;
  assert.match(returnUrl, /^https:\/\/portal\.example\/rx#ihkit-insurance-state=state_0123456789abcdef&ihkit-insurance-code=[0-9a-f]{32}$/);
  assert.equal(insurer.answer('state_0123456789abcdef', 'authorise'), undefined, 'answered once');
  const items = [item('a', 1000)];
  const pre = await insurer.preSettle({ settlementId: 's1', authCode: code!, payerRef: 'p1', items, total: cny(1000) });
  await assert.rejects(insurer.preSettle({ settlementId: 's2', authCode: code!, payerRef: 'p1', items, total: cny(1000) }), (e: AdapterError) => e.code === 'INSURANCE_REFUSED');
  const before = insurer.account('p1');
  const first = await insurer.settle({ settlementId: 's1', insurerRef: pre.insurerRef });
  assert.deepEqual(insurer.account('p1'), { balance: before.balance - first.personalAccount.amount, deductibleMet: 10_000 }, 'the account paid its part, the deductible met');
  assert.ok(first.personalAccount.amount > 0);
  assert.deepEqual(await insurer.settle({ settlementId: 's1', insurerRef: pre.insurerRef }), first);
  assert.equal((await insurer.query({ settlementId: 's1' })).status, 'settled');
  const { reversalRef } = await insurer.reverse({ settlementId: 's1', reversalId: 'r1', settlementRef: first.settlementRef, reason: 'cancelled' });
  assert.deepEqual(await insurer.reverse({ settlementId: 's1', reversalId: 'r1', settlementRef: first.settlementRef, reason: 'cancelled' }), { reversalRef });
  assert.deepEqual(insurer.account('p1'), before);
  assert.equal((await insurer.query({ settlementId: 's1' })).status, 'reversed');
});

// The kit an integrator runs against their insurance channel, run against the sandbox: a covered
// (甲), a partly covered (乙) and an uncovered (丙) item.
insuranceConformance('sandbox', async () => {
  const adapter = createSandboxInsurance({ catalogue: rules.catalogue });
  return {
    adapter,
    fixture: {
      payerRef: 'payer_conformance',
      items: [item('a', 2000), item('b', 3000), item('c', 1000)],
      authorise: async (state) => {
        const code = adapter.answer(state, 'authorise')?.code;
        if (!code) throw new Error(`the sandbox has no authorisation waiting for ${state}`);
        return code;
      },
    },
  };
});
