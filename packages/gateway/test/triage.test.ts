import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { parse, stringify } from 'yaml';
import { triage, type TriageRules } from '@ihkit/core';
import { loadContract } from '../src/contract.js';
import { demoTriageRulesPath, loadTriageRules } from '../src/triage-rules.js';
import { API, databases, startGateway } from './helpers/gateway.js';

const dir = mkdtempSync(join(tmpdir(), 'ihkit-triage-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const contract = loadContract();
const demoRules = (): TriageRules => parse(readFileSync(demoTriageRulesPath(), 'utf8')) as TriageRules;
let files = 0;
const write = (content: string | object, ext = 'yaml'): string => {
  const file = join(dir, `rules-${++files}.${ext}`);
  writeFileSync(file, typeof content === 'string' ? content : ext === 'json' ? JSON.stringify(content) : stringify(content));
  return file;
};
/** The rules with one change. */
const changed = (change: (r: Record<string, any>) => void): Record<string, unknown> => {
  const r = demoRules() as unknown as Record<string, any>;
  change(r);
  return r;
};
/** Loading `file` fails with a message holding the file's path and each of `expected`. */
async function refused(file: string, ...expected: (string | RegExp)[]): Promise<void> {
  await assert.rejects(loadTriageRules(contract, file), (error: Error) => {
    assert.ok(error.message.startsWith('IHKIT_TRIAGE_RULES: '), error.message);
    assert.ok(error.message.includes(file), `names the file: ${error.message}`);
    for (const e of expected) assert.ok(typeof e === 'string' ? error.message.includes(e) : e.test(error.message), `"${String(e)}" in:\n${error.message}`);
    return true;
  });
}

describe('triage rules file: checked when the gateway starts', () => {
  test('the demo rules load; JSON and YAML alike', async () => {
    const yaml = await loadTriageRules(contract);
    assert.equal(yaml.rules.version, 1);
    const json = await loadTriageRules(contract, write(demoRules(), 'json'));
    assert.deepEqual(json.rules, yaml.rules);
    assert.equal(json.etag, yaml.etag);
  });
  test('a missing zh-TW is converted from zh-CN; the others are kept as written', async () => {
    const file = write(changed((r) => {
      delete r.symptoms[0].label['zh-TW'];
      r.symptoms[0].label['zh-CN'] = '头痛发热';
    }));
    const { rules } = await loadTriageRules(contract, file);
    assert.deepEqual(rules.symptoms[0]!.label, { 'zh-CN': '头痛发热', 'zh-TW': '頭痛發熱', en: 'Headache' });
    assert.equal(rules.bodyAreas[0]!.label['zh-TW'], '頭部');
  });
  test('a file that cannot be read, or read as YAML or JSON', async () => {
    await refused(join(dir, 'nowhere.yaml'), 'cannot read', 'ENOENT');
    await refused(write('version: 1\nbodyAreas: [ { id: head\n'), 'YAML syntax');
    await refused(write('{"version": 1,', 'json'), 'JSON syntax');
    await refused(write('just words'), '/: must be object');
  });
  test('schema problems name their place', async () => {
    await refused(write(changed((r) => { delete r.routes; })), "/: must have required property 'routes'");
    await refused(write(changed((r) => { r.version = 2; })), '/version: must be equal to constant');
    await refused(write(changed((r) => { r.routes[2].score = 'high'; })), '/routes/2/score: must be integer');
    await refused(write(changed((r) => { r.routes[0].department = 'x'.repeat(65); })), '/routes/0/department: must NOT have more than 64 characters');
    await refused(write(changed((r) => { r.symptoms[1].id = 'Dizzy Spells'; })), '/symptoms/1/id: must match pattern');
    await refused(write(changed((r) => { r.symptoms[1].sex = 'other'; })), '/symptoms/1/sex: must be equal to one of the allowed values (female, male)');
    await refused(write(changed((r) => { r.redFlags[0].when.anySymptom = ['chest_pain']; })), '/redFlags/0/when: has "anySymptom", which the format does not know');
    await refused(write(changed((r) => { delete r.redFlags[0].advice.en; })), "/redFlags/0/advice: must have required property 'en'");
    await refused(write(changed((r) => { r.routes[0].when = {}; })), '/routes/0/when: must NOT have fewer than 1 properties');
  });
  test('what the schema cannot say: names that are not defined, keys defined twice', async () => {
    await refused(
      write(changed((r) => {
        r.routes[4].when.anySymptoms = ['toothache'];
        r.questions.push({ ...r.questions[0] });
      })),
      `/questions/${demoRules().questions.length}/id: "q_chest_sweat" is defined twice`,
      '/routes/4/when/anySymptoms/0: names symptom "toothache", which the rules do not define',
    );
  });
});

for (const database of databases) {
  describe(`getTriageRules (${database.name})`, () => {
    test('public: anyone gets the demo rules, with an ETag; If-None-Match gives 304; nothing to warn about', async () => {
      const gw = await startGateway(database, { demo: true, sweepIntervalMs: 0 });
      try {
        const res = await gw.app.inject({ method: 'GET', url: `${API}/triage/rules` });
        assert.equal(res.statusCode, 200);
        const rules = res.json() as TriageRules;
        assert.deepEqual(rules, (await loadTriageRules(contract)).rules);
        assert.match(String(res.headers.etag), /^"[\w-]{27}"$/);
        assert.equal(res.headers['cache-control'], 'public, max-age=300');
        // The rules work as served: the widget runs them on the patient's device.
        const result = triage(rules, { symptoms: ['cough'] }, { ageYears: 40, sex: 'male' });
        const departments = await gw.his.listDepartments();
        assert.equal(result.kind === 'departments' && departments.find((d) => d.id === result.departments[0]!.departmentId)?.nameEn, 'Respiratory Medicine');

        const again = await gw.app.inject({ method: 'GET', url: `${API}/triage/rules`, headers: { 'if-none-match': String(res.headers.etag) } });
        assert.equal(again.statusCode, 304);
        assert.equal(again.body, '');
        const stale = await gw.app.inject({ method: 'GET', url: `${API}/triage/rules`, headers: { 'if-none-match': '"something-else"' } });
        assert.equal(stale.statusCode, 200);
        assert.doesNotMatch(gw.logs.text, /triage rules/);
        const bad = await gw.app.inject({ method: 'GET', url: `${API}/triage/rules?symptoms=cough` });
        assert.equal(bad.statusCode, 400, 'answers never travel in the URL: the operation takes no query');
      } finally {
        await gw.close();
      }
    });

    test('IHKIT_TRIAGE_RULES: the hospital\'s own rules are served; departments the HIS does not list are named at start', async () => {
      const file = write(changed((r) => {
        r.routes[0].department = 'dep_not_in_his';
        r.children.department = 'dep_no_paediatrics';
      }));
      const gw = await startGateway(database, { demo: true, sweepIntervalMs: 0, triageRules: file });
      try {
        const warning = gw.logs.lines.map((l) => JSON.parse(l) as { level: number; msg: string; departmentIds?: string[] }).find((l) => /triage rules name/.test(l.msg));
        assert.ok(warning, gw.logs.text);
        assert.equal(warning.level, 40);
        assert.deepEqual(warning.departmentIds, ['dep_not_in_his', 'dep_no_paediatrics']);
        const res = await gw.app.inject({ method: 'GET', url: `${API}/triage/rules` });
        assert.equal((res.json() as TriageRules).routes[0]!.department, 'dep_not_in_his');
      } finally {
        await gw.close();
      }
    });

    test('a broken rules file stops the start, saying where', async () => {
      const file = write(changed((r) => { r.routes[1].department = ''; }));
      await assert.rejects(startGateway(database, { demo: true, sweepIntervalMs: 0, triageRules: file }), /IHKIT_TRIAGE_RULES: .*rules-\d+\.yaml is not valid triage rules:\n {2}\/routes\/1\/department: must NOT have fewer than 1 characters/);
    });
  });
}
