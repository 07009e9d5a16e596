/**
 * Health education: a doctor publishes articles in Markdown, which the gateway renders and
 * sanitizes (no HTML of the author's, no scripts, event handlers, javascript: links, styles or
 * images from elsewhere); anyone lists and reads them by condition or department; an edit keeps
 * the version a patient read; the care team assigns them in a plan (a plan starts with its
 * template's), the patient's reads are receipts the team sees, and the calls are audited.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { demoAccounts } from '@ihkit/adapters';
import type { Article, ArticleSummary, CarePlan, CarePlanArticle } from '@ihkit/core';
import { API, databases, login, newKey, startGateway, type TestGateway } from './helpers/gateway.js';
import { DOCTOR, get, ok, post } from './helpers/consults.js';

const NURSE = demoAccounts.find((a) => a.role === 'nurse')!;
const ZHANG = demoAccounts.find((a) => a.username === 'zhangwei')!;
const MOTHER = ZHANG.family.find((f) => f.relation === 'parent')!.patientId;
const PHARMACIST = demoAccounts.find((a) => a.role === 'pharmacist')!;
const OTHER_PATIENT = demoAccounts.find((a) => a.role === 'patient' && a.username !== ZHANG.username)!;

const HOSTILE = [
  '# 低盐饮食',
  '',
  '<script>alert(1)</script>',
  '',
  '<img src="x" onerror="alert(1)">',
  '',
  '<p style="color:red" onclick="alert(1)">raw html</p>',
  '',
  '[bad](javascript:alert(1)) [good](https://www.example.org/a) [here](/care) [away](//evil.example/x)',
  '',
  '![ok](/articles/images/salt.svg) ![far](https://evil.example/a.png) ![cdn](https://img.h.example/b.png) ![data](data:image/png;base64,AAAA)',
  '',
  '| 食物 | 含盐 |',
  '|:--|--:|',
  '| 咸菜 | 高 |',
].join('\n');

const article = (over: Record<string, unknown> = {}) => ({ title: '高血压患者的低盐饮食', summary: '每天食盐不超过5克。', markdown: HOSTILE, conditions: ['I10'], departments: ['dept_cardio'], ...over });

for (const database of databases) {
  describe(`health education articles (${database.name})`, () => {
    let gw: TestGateway;
    let doctor: string;
    let nurse: string;
    let patient: string;
    let published: Article;
    let plan: CarePlan;
    const key = () => ({ 'idempotency-key': newKey() });
    const put = (token: string, path: string, payload: object) => gw.app.inject({ method: 'PUT', url: `${API}${path}`, headers: { authorization: `Bearer ${token}` }, payload });
    const anonymous = (path: string) => gw.app.inject({ method: 'GET', url: `${API}${path}` });

    before(async () => {
      gw = await startGateway(database, { demo: true, sweepIntervalMs: 0, articleImageOrigins: ['https://img.h.example'] });
      doctor = await login(gw, DOCTOR.username, DOCTOR.password);
      nurse = await login(gw, NURSE.username, NURSE.password);
      patient = await login(gw, ZHANG.username, ZHANG.password);
    });
    after(() => gw.close());

    test('a doctor publishes; the HTML keeps Markdown and drops everything the allow-list does not name', async () => {
      const k = newKey();
      published = ok<Article>(await post(gw, doctor, '/articles', article(), { 'idempotency-key': k }), 201);
      assert.equal(published.version, 1);
      assert.equal(published.shownVersion, 1);
      const again = ok<Article>(await post(gw, doctor, '/articles', article(), { 'idempotency-key': k }), 201);
      assert.equal(again.id, published.id, 'a retry answers the same article');
      const html = published.html;
      assert.match(html, /<h2>低盐饮食<\/h2>/);
      // Tags and attributes as the browser would take them (the author's HTML survives only escaped, as text).
      assert.doesNotMatch(html, /<script|<[^>]*\s(on\w+|style|class)=|href="javascript:|<img src="x"/i, html);
      assert.match(html, /&lt;script&gt;/, 'the author’s HTML is text');
      assert.match(html, /<a href="https:\/\/www\.example\.org\/a" rel="noopener noreferrer">good<\/a>/);
      assert.match(html, /<a href="\/care" rel="noopener noreferrer">here<\/a>/);
      assert.match(html, /\[bad\]\(javascript:alert\(1\)\)/, 'a javascript: link is no link');
      assert.match(html, /<a>away<\/a>/, 'a link to another origin without a scheme keeps no href');
      assert.match(html, /<img src="\/articles\/images\/salt.svg" alt="ok" \/>/);
      assert.match(html, /<img src="https:\/\/img\.h\.example\/b\.png" alt="cdn" \/>/);
      assert.doesNotMatch(html, /evil\.example\/a\.png|data:image/, 'images from elsewhere are dropped');
      assert.match(html, /<td>咸菜<\/td>/);
    });

    test('doctors and admins publish; patients, nurses and pharmacists are refused; anonymous too', async () => {
      for (const account of [ZHANG, NURSE, PHARMACIST]) {
        const token = await login(gw, account.username, account.password);
        const res = await post(gw, token, '/articles', article(), key());
        assert.equal(res.statusCode, 403, account.username);
        assert.equal(res.json().code, 'ROLE_NOT_ALLOWED');
        assert.equal((await put(token, `/articles/${published.id}`, { article: article(), version: 1 })).statusCode, 403);
        assert.equal((await post(gw, token, `/articles/${published.id}/withdraw`)).statusCode, 403);
      }
      assert.equal((await gw.app.inject({ method: 'POST', url: `${API}/articles`, headers: key(), payload: article() })).statusCode, 401);
      assert.equal((await post(gw, doctor, '/articles', article({ conditions: ['hypertension'] }), key())).statusCode, 400, 'conditions are ICD-10 codes');
    });

    test('anyone lists by condition and department and reads an article, signed in or not', async () => {
      const diabetes = ok<Article>(await post(gw, doctor, '/articles', article({ title: '糖尿病足的日常护理', markdown: '每天检查双脚。', conditions: ['E11'], departments: ['dept_endo'] }), key()), 201);
      // Besides the demo hospital's own (seeded: two about hypertension, two about diabetes).
      const ids = (items: ArticleSummary[]) => items.map((a) => a.id).filter((id) => !id.startsWith('art_demo_'));
      const hypertension = ok<{ items: ArticleSummary[] }>(await anonymous('/articles?condition=I10')).items;
      assert.deepEqual(ids(hypertension), [published.id]);
      assert.deepEqual(hypertension.map((a) => a.id).filter((id) => id.startsWith('art_demo_')).sort(), ['art_demo_home_bp', 'art_demo_low_salt']);
      assert.deepEqual(ids(ok<{ items: ArticleSummary[] }>(await anonymous('/articles?departmentId=dept_endo')).items), [diabetes.id]);
      assert.deepEqual(new Set(ids(ok<{ items: ArticleSummary[] }>(await get(gw, patient, '/articles')).items)), new Set([published.id, diabetes.id]));
      const salt = ok<Article>(await anonymous('/articles/art_demo_low_salt'));
      assert.match(salt.html, /<img src="\/education\/salt-spoon.svg"/, 'the demo’s picture, from the portal itself');
      assert.equal(ok<Article>(await anonymous(`/articles/${published.id}`)).html, published.html);
      assert.equal((await anonymous('/articles?condition=<script>')).statusCode, 400);
      assert.equal((await anonymous('/articles/art_nobody')).statusCode, 404);
    });

    test('a plan starts with its template’s articles; the care team sets them; the patient’s reads are receipts the team sees', async () => {
      plan = ok<CarePlan>(await post(gw, nurse, '/care/plans', { patientId: MOTHER, templateId: 'hypertension' }, key()), 201);
      const teamView = async () => ok<{ items: CarePlanArticle[] }>(await get(gw, nurse, `/care/plans/${plan.id}/articles`)).items;
      assert.deepEqual(new Set((await teamView()).map((a) => a.article.id)), new Set([published.id, 'art_demo_low_salt', 'art_demo_home_bp']), 'the hypertension articles, none of the diabetes ones');
      assert.ok((await teamView()).every((a) => !a.readVersion), 'none read yet');
      const extra = ok<Article>(await post(gw, doctor, '/articles', article({ title: '家庭血压测量方法', markdown: '坐位休息5分钟后测量。', departments: [] }), key()), 201);
      const set = ok<{ items: CarePlanArticle[] }>(await put(nurse, `/care/plans/${plan.id}/articles`, { articleIds: [published.id, extra.id] })).items;
      assert.deepEqual(new Set(set.map((a) => a.article.id)), new Set([published.id, extra.id]));
      const refused = await put(nurse, `/care/plans/${plan.id}/articles`, { articleIds: ['art_nobody'] });
      assert.equal(refused.statusCode, 400);
      assert.equal(refused.json().errors[0].pointer, '/body/articleIds/0');

      const read = ok<{ version: number; readAt: string }>(await post(gw, patient, `/care/plans/${plan.id}/articles/${extra.id}/read`, { version: 1 }));
      assert.equal(read.version, 1);
      const twice = ok<{ readAt: string }>(await post(gw, patient, `/care/plans/${plan.id}/articles/${extra.id}/read`, { version: 1 }));
      assert.equal(twice.readAt, read.readAt, 'a receipt is kept once');
      const patientView = ok<{ items: CarePlanArticle[] }>(await get(gw, patient, `/care/plans/${plan.id}/articles`)).items;
      assert.deepEqual(patientView.map((a) => [a.article.id, a.readVersion ?? null]), [[published.id, null], [extra.id, 1]], 'unread first');
      assert.deepEqual((await teamView()).find((a) => a.article.id === extra.id)!.readAt, read.readAt);

      // Staff record no receipts; another patient's account does not find the plan; an unassigned article is not read here.
      assert.equal((await post(gw, nurse, `/care/plans/${plan.id}/articles/${extra.id}/read`, { version: 1 })).statusCode, 403);
      const other = await login(gw, OTHER_PATIENT.username, OTHER_PATIENT.password);
      assert.equal((await post(gw, other, `/care/plans/${plan.id}/articles/${extra.id}/read`, { version: 1 })).statusCode, 404);
      assert.equal((await get(gw, other, `/care/plans/${plan.id}/articles`)).statusCode, 404);
      assert.equal((await put(doctor, `/care/plans/${plan.id}/articles`, { articleIds: [] })).statusCode, 404, 'a doctor not on the care team');
      assert.equal((await post(gw, patient, `/care/plans/${plan.id}/articles/${published.id}/read`, { version: 9 })).statusCode, 404, 'no such version');

      const rows = await gw.db.query<{ action: string; patient_id: string; resource_id: string }>(`SELECT action, patient_id, resource_id FROM audit_log WHERE action = 'markArticleRead' AND outcome = 'ok'`);
      assert.ok(rows.rows.some((r) => r.patient_id === MOTHER && r.resource_id === extra.id), 'the read is in the audit trail with the patient');
    });

    test('an edit adds a version: the one read stays readable, and the article is unread again', async () => {
      const edited = ok<Article>(await put(doctor, `/articles/${published.id}`, { article: article({ markdown: '## 新版\n\n每天食盐不超过5克。' }), version: 1 }));
      assert.equal(edited.version, 2);
      assert.match(edited.html, /新版/);
      const stale = await put(doctor, `/articles/${published.id}`, { article: article(), version: 1 });
      assert.equal(stale.statusCode, 409);
      assert.equal(stale.json().code, 'ARTICLE_CHANGED');
      const first = ok<Article>(await anonymous(`/articles/${published.id}?version=1`));
      assert.equal(first.shownVersion, 1);
      assert.equal(first.version, 2);
      assert.equal(first.html, published.html);
      await post(gw, patient, `/care/plans/${plan.id}/articles/${published.id}/read`, { version: 1 });
      const items = ok<{ items: CarePlanArticle[] }>(await get(gw, nurse, `/care/plans/${plan.id}/articles`)).items;
      const it = items.find((a) => a.article.id === published.id)!;
      assert.equal(it.readVersion, 1, 'read the first version');
      assert.equal(items[0]!.article.id, published.id, 'an article read only in an earlier version counts as unread');
    });

    test('a withdrawn article leaves lists and plans, is not edited, and withdrawing again answers the same', async () => {
      const gone = ok<{ withdrawnAt: string }>(await post(gw, doctor, `/articles/${published.id}/withdraw`));
      assert.equal(ok<{ withdrawnAt: string }>(await post(gw, doctor, `/articles/${published.id}/withdraw`)).withdrawnAt, gone.withdrawnAt);
      assert.equal((await anonymous(`/articles/${published.id}`)).statusCode, 404);
      assert.ok(!ok<{ items: ArticleSummary[] }>(await anonymous('/articles')).items.some((a) => a.id === published.id));
      assert.ok(!ok<{ items: CarePlanArticle[] }>(await get(gw, patient, `/care/plans/${plan.id}/articles`)).items.some((a) => a.article.id === published.id));
      const edit = await put(doctor, `/articles/${published.id}`, { article: article(), version: 2 });
      assert.equal(edit.json().code, 'ARTICLE_WITHDRAWN');
      assert.equal((await post(gw, doctor, '/articles/art_nobody/withdraw')).statusCode, 404);
    });
  });
}
