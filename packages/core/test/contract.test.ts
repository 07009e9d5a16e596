import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const core = fileURLToPath(new URL('..', import.meta.url));

test('the generated contract types are up to date with openapi.yaml', () => {
  const out = join(mkdtempSync(join(tmpdir(), 'ihkit-gen-')), 'api.gen.ts');
  const bin = fileURLToPath(new URL('../../../node_modules/openapi-typescript/bin/cli.js', import.meta.url));
  execFileSync(process.execPath, [bin, join(core, 'openapi.yaml'), '-o', out], { stdio: 'pipe' });
  const fresh = readFileSync(out, 'utf8');
  const committed = readFileSync(join(core, 'src/api.gen.ts'), 'utf8');
  assert.ok(fresh === committed, 'packages/core/src/api.gen.ts is stale: run `npm run gen` and commit the result');
});

test('the contract names the operations the widgets call', () => {
  const yaml = readFileSync(join(core, 'openapi.yaml'), 'utf8');
  for (const op of ['login', 'listDepartments', 'listDoctors', 'listSlots', 'bookAppointment', 'cancelAppointment', 'listMyAppointments']) {
    assert.match(yaml, new RegExp(`operationId: ${op}\\n`), op);
  }
});
