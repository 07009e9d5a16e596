import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CONSENT_CODE_DIGITS, createClient, familyOf, isConsentCodeShape, maskPhone, normalizeConsentCode } from '../src/index.js';

test('a code is read as it is typed from a phone: full-width digits, spaces and dashes', () => {
  assert.equal(CONSENT_CODE_DIGITS, 6);
  assert.equal(normalizeConsentCode(' １２３ ４５６ '), '123456');
  assert.equal(normalizeConsentCode('123-456'), '123456');
  assert.equal(isConsentCodeShape('１２３４５６'), true);
  assert.equal(isConsentCodeShape('12345'), false);
  assert.equal(isConsentCodeShape('12345a'), false);
  assert.equal(isConsentCodeShape('1234567'), false);
});

test('a phone number shows its last four digits only', () => {
  assert.equal(maskPhone('13800000011'), '*******0011');
  assert.equal(maskPhone('+86 138-0000-0011'), '*********0011');
  assert.equal(maskPhone('123'), '***');
});

test('familyOf sends the code normalised, in the body, never in the URL', async () => {
  const seen: Array<{ url: string; body: string }> = [];
  const client = createClient({ baseUrl: 'http://gw.test/api', retries: 0, fetch: async (input, init) => {
    const request = input instanceof Request ? input : new Request(input, init);
    seen.push({ url: request.url, body: await request.text() });
    return new Response(JSON.stringify({ id: 'p', status: 'active' }), { headers: { 'content-type': 'application/json' } });
  } });
  await familyOf(client).confirm('fl_1', { code: '１２３ ４５６' });
  assert.equal(seen[0]!.url, 'http://gw.test/api/family-links/fl_1/confirm');
  assert.deepEqual(JSON.parse(seen[0]!.body), { code: '123456' });
  assert.equal(familyOf(client), familyOf(client), 'one FamilyClient per client');
});
