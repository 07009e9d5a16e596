/**
 * Catalog text for readers of Traditional Chinese: a request whose Accept-Language puts zh-TW
 * (zh-HK, zh-Hant) first gets the HIS's departments, specialties, drugs, allergies, diagnoses and
 * pickup points in Traditional characters — the HIS's own where it gives them, else converted —
 * while people's names stay as the HIS holds them and other languages get the text unchanged.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createDemoHis, type Db, type HisAdapter } from '@ihkit/adapters';
import type { Condition, Department, Doctor, Drug, PickupPoint, PrescriptionCheck } from '@ihkit/core';
import { API, auth, databases, login, startGateway, type TestGateway } from './helpers/gateway.js';
import { acceptedConsult, DOCTOR, ok } from './helpers/consults.js';
import { wantsTraditional } from '../src/languages.js';

const TW = { 'accept-language': 'zh-TW' };

for (const database of databases) {
  describe(`catalog text in Traditional Chinese (${database.name})`, () => {
    let gw: TestGateway;
    let zhang: string;
    let doctor: string;
    const read = async <T>(path: string, token: string, headers: Record<string, string> = {}, method: 'GET' | 'POST' = 'GET', payload?: object): Promise<{ body: T; headers: Record<string, unknown> }> => {
      const res = await gw.app.inject({ method, url: `${API}${path}`, headers: auth(token, headers), ...(payload ? { payload } : {}) });
      return { body: ok<T>(res), headers: res.headers };
    };

    before(async () => {
      // The HIS holds its own Traditional name for one department (a wording OpenCC would not
      // produce), and nothing for the rest.
      const his = (db: Db): HisAdapter => {
        const demo = createDemoHis(db);
        return {
          ...demo,
          listDepartments: async () => (await demo.listDepartments()).map((d) => (d.name === '心血管内科' ? { ...d, zhHant: { name: '心臟血管內科' } } : d)),
        };
      };
      gw = await startGateway(database, { demo: true, sweepIntervalMs: 0, his });
      zhang = await login(gw, 'zhangwei', 'demo');
      doctor = await login(gw, DOCTOR.username, DOCTOR.password);
    });
    after(() => gw?.close());

    test('departments and specialties: the HIS’s own Traditional text where it has it, else converted; doctors’ names as the HIS holds them', async () => {
      const tw = await read<{ items: Department[] }>('/departments', zhang, TW);
      assert.equal(tw.headers['content-language'], 'zh-TW');
      assert.match(String(tw.headers.vary), /accept-language/i);
      const names = tw.body.items.map((d) => d.name);
      assert.ok(names.includes('心臟血管內科'), 'the HIS’s own');
      assert.ok(names.includes('呼吸內科') && names.includes('兒科') && names.includes('皮膚科'), `converted: ${names.join(' ')}`);
      assert.equal(tw.body.items.find((d) => d.name === '兒科')?.description, '兒童常見病、生長發育、兒童哮喘');
      assert.ok(tw.body.items.every((d) => !('zhHant' in d)), 'the HIS’s own text is answered in place, never as a field of its own');
      assert.equal(tw.body.items.find((d) => d.name === '呼吸內科')?.nameEn, 'Respiratory Medicine');

      const cn = await read<{ items: Department[] }>('/departments', zhang, { 'accept-language': 'zh-CN' });
      assert.deepEqual(cn.body.items.map((d) => d.name).slice(0, 2), ['心血管内科', '呼吸内科'], 'Simplified readers get the HIS’s text unchanged');
      assert.ok(cn.body.items.every((d) => !('zhHant' in d)));
      assert.equal(cn.headers['content-language'], undefined);

      const doctors = (await read<{ items: Doctor[] }>('/doctors', zhang, TW)).body.items;
      const zheng = doctors.find((d) => d.nameEn === 'Zheng Haitao')!;
      assert.equal(zheng.name, '郑海涛', 'a person’s name is never converted');
      assert.equal(zheng.specialty, '冠心病介入');
      assert.equal(doctors.find((d) => d.nameEn === 'Huang Lixin')?.specialty, '哮喘、慢阻肺');
      assert.equal(doctors.find((d) => d.nameEn === 'Zhou Min')?.specialty, '高血壓、心力衰竭');
    });

    test('drugs, allergies, diagnoses and pickup points too; the patient’s name as it is', async () => {
      const drugs = (await read<{ items: Drug[] }>('/drug-search', doctor, TW, 'POST', { q: 'amoxicillin' })).body.items;
      assert.ok(drugs.some((d) => d.name === '阿莫西林膠囊'), drugs.map((d) => d.name).join(' '));
      const self = (await read<{ items: Array<{ id: string; relation: string }> }>('/patients', zhang)).body.items.find((p) => p.relation === 'self')!.id;
      const conditions = (await read<{ items: Condition[] }>(`/patients/${self}/conditions`, zhang, TW)).body.items;
      assert.ok(conditions.some((c) => c.name === '原發性高血壓'), conditions.map((c) => c.name).join(' '));
      const consult = await acceptedConsult(gw, zhang, doctor);
      const amoxicillin = drugs.find((d) => d.name === '阿莫西林膠囊')!;
      const check = (await read<PrescriptionCheck>(`/consults/${consult.id}/prescription-check`, doctor, TW, 'POST', { items: [{ drugId: amoxicillin.id, dose: 500, frequency: 'tid', days: 5 }] })).body;
      assert.equal(check.allergies.find((a) => a.group === 'penicillin')?.name, '青黴素');
      assert.equal(check.items[0]?.name, '阿莫西林膠囊');
      const consultTw = (await read<{ patient: { name: string }; condition: { name: string } }>(`/consults/${consult.id}`, doctor, TW)).body;
      assert.equal(consultTw.condition.name, '原發性高血壓');
      assert.equal(consultTw.patient.name, '张伟', 'the patient’s name is never converted');
      const points = (await read<{ items: PickupPoint[] }>('/pickup-points', zhang, TW)).body.items;
      assert.equal(points[0]?.name, '城東人民醫院門診藥房');
      assert.equal(points[0]?.address, '城東區健康路 1 號 門診樓一層西側');
      // A reader of English gets the text as the HIS holds it (and its English beside it).
      assert.equal((await read<{ items: PickupPoint[] }>('/pickup-points', zhang, { 'accept-language': 'en' })).body.items[0]?.name, '城东人民医院门诊药房');
    });
  });
}

describe('who reads Traditional Chinese', () => {
  test('the first Chinese tag in Accept-Language decides, by quality', () => {
    assert.equal(wantsTraditional('zh-TW'), true);
    assert.equal(wantsTraditional('zh-HK'), true);
    assert.equal(wantsTraditional('zh-Hant-TW'), true);
    assert.equal(wantsTraditional('zh-TW,zh;q=0.9,en;q=0.8'), true);
    assert.equal(wantsTraditional('zh-CN,zh-TW;q=0.5'), false);
    assert.equal(wantsTraditional('en,zh-TW;q=0.5'), false);
    assert.equal(wantsTraditional('zh'), false);
    assert.equal(wantsTraditional(undefined), false);
  });
});
