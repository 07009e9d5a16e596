import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { loadContract, readContract, dereference } from '../src/contract.js';
import { handlers } from '../src/routes/index.js';
import { PROBLEMS } from '../src/problems.js';
import { API, databases, startGateway, type TestGateway } from './helpers/gateway.js';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { contractPath } from '../src/contract.js';

test('the contract is read from @ihkit/core and every operation has a handler and vice versa', () => {
  const contract = loadContract();
  const ids = contract.operations.map((o) => o.operationId).sort();
  assert.deepEqual(ids, Object.keys(handlers).sort());
  assert.ok(ids.length >= 12);
});

test('every ErrorCode of the contract is in the problem table and nothing else', () => {
  const doc = parse(readFileSync(contractPath(), 'utf8')) as { components: { schemas: { ErrorCode: { enum: string[] } } } };
  assert.deepEqual(Object.keys(PROBLEMS).sort(), [...doc.components.schemas.ErrorCode.enum].sort());
});

test('$refs are dereferenced, keeping sibling keywords, and cycles are refused', () => {
  const doc = { components: { schemas: { Id: { type: 'string', maxLength: 3 } } }, x: { $ref: '#/components/schemas/Id', description: 'd' } };
  assert.deepEqual((dereference(doc) as { x: unknown }).x, { type: 'string', maxLength: 3, description: 'd' });
  assert.throws(() => dereference({ a: { $ref: '#/a' } }), /cycle/);
  assert.throws(() => dereference({ a: { $ref: '#/nowhere' } }), /points nowhere/);
});

test('security, parameters and bodies come from the contract', () => {
  const ops = new Map(loadContract().operations.map((o) => [o.operationId, o]));
  assert.equal(ops.get('health')!.secured, false);
  assert.equal(ops.get('login')!.secured, false);
  assert.equal(ops.get('getMe')!.secured, true);
  assert.equal(ops.get('getAppointment')!.routePath, '/appointments/:appointmentId');
  assert.deepEqual((ops.get('bookAppointment')!.schema.headers as { required: string[] }).required, ['idempotency-key']);
  assert.equal(ops.get('cancelAppointment')!.bodyRequired, false);
  assert.equal(ops.get('bookAppointment')!.bodyRequired, true);
  assert.throws(() => readContract({ paths: { '/x': { get: { responses: {} } } } }), /no operationId/);
});

test('who may call an operation comes from its x-ihkit-roles; the contract does not load with a signed-in operation that names none', () => {
  const contract = loadContract();
  const ops = new Map(contract.operations.map((o) => [o.operationId, o]));
  assert.deepEqual(contract.roles, ['patient', 'doctor', 'pharmacist', 'nurse', 'admin']);
  assert.deepEqual(ops.get('health')!.roles, []);
  assert.deepEqual(ops.get('approvePrescription')!.roles, ['pharmacist']);
  assert.deepEqual(ops.get('getConsult')!.roles, ['patient', 'doctor']);

  const doc = parse(readFileSync(contractPath(), 'utf8')) as { paths: Record<string, Record<string, Record<string, unknown>>> };
  const withRoles = (path: string, method: string, roles: unknown) => {
    const copy = structuredClone(doc);
    if (roles === undefined) delete copy.paths[path]![method]!['x-ihkit-roles'];
    else copy.paths[path]![method]!['x-ihkit-roles'] = roles;
    return () => readContract(copy);
  };
  assert.throws(withRoles('/consults/{consultId}/accept', 'post', undefined), /acceptConsult is signed in but has no x-ihkit-roles/);
  assert.throws(withRoles('/consults/{consultId}/accept', 'post', []), /acceptConsult is signed in but has no x-ihkit-roles/);
  assert.throws(withRoles('/consults/{consultId}/accept', 'post', ['doctor', 'matron']), /acceptConsult names roles that are not in the Role schema: matron/);
  assert.throws(withRoles('/health', 'get', ['patient']), /health is public but names x-ihkit-roles/);
});

for (const database of databases) {
  describe(`routing (${database.name})`, () => {
    let gw: TestGateway;
    before(async () => {
      gw = await startGateway(database);
    });
    after(() => gw?.close());

    test('every operationId is routed under the API prefix', async () => {
      await gw.app.ready();
      for (const op of loadContract().operations) {
        const url = API + op.path.replace(/\{[^}]+\}/g, 'x1');
        assert.ok(gw.app.hasRoute({ method: op.method, url: API + op.routePath }), `${op.operationId} is routed`);
        const res = await gw.app.inject({ method: op.method, url });
        // The router's own 404 ("No such operation."), not an operation's answer that there is no such thing (a public article by id).
        assert.notEqual(res.json().detail, 'No such operation.', `${op.operationId} answers at ${url}`);
      }
    });

    test('health answers without a token', async () => {
      const res = await gw.app.inject({ method: 'GET', url: `${API}/health` });
      assert.equal(res.statusCode, 200);
      assert.deepEqual(res.json(), { status: 'ok' });
    });
  });

  describe(`startup checks (${database.name})`, () => {
    test('startup fails when an operation has no handler', async () => {
      await assert.rejects(startGateway(database, { handlers: { health: undefined } }), /operations without a handler: health/);
    });
    test('startup fails when a handler has no operation', async () => {
      await assert.rejects(
        startGateway(database, { handlers: { deleteEverything: { handle: async () => ({ body: {} }) } } }),
        /handlers without an operation in openapi.yaml: deleteEverything/,
      );
    });
  });
}
