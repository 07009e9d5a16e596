/**
 * Articles as the gateway keeps them (gw_032_articles): the article with its tags and latest
 * version, each version's text as written and as rendered, the articles assigned in follow-up
 * plans and the patients' read receipts.
 */
import type { Queryable } from '@ihkit/adapters';
import type { Article, ArticleInput, ArticleSummary, CarePlanArticle, CareTemplateId } from '@ihkit/core';

interface SummaryRow {
  id: string;
  version: number;
  title: string;
  summary: string;
  conditions: string[];
  departments: string[];
  published_at: Date;
  updated_at: Date;
}

interface ArticleRow extends SummaryRow {
  shown_version: number;
  markdown: string;
  html: string;
  withdrawn_at: Date | null;
}

/** The latest version's title and summary with the article: SQL on articles a joined to article_versions v. */
const SUMMARY_SELECT = `SELECT a.id, a.version, v.title, v.summary, a.conditions, a.departments, a.published_at, a.updated_at
  FROM articles a JOIN article_versions v ON v.article_id = a.id AND v.version = a.version`;

const toSummary = (r: SummaryRow): ArticleSummary => ({
  id: r.id, version: r.version, title: r.title, summary: r.summary, conditions: r.conditions, departments: r.departments,
  publishedAt: r.published_at.toISOString(), updatedAt: r.updated_at.toISOString(),
});

/**
 * The conditions (ICD-10 codes) whose published articles a plan of each template starts with:
 * the template's default reading list.
 */
export const TEMPLATE_CONDITIONS: Readonly<Record<CareTemplateId, readonly string[]>> = {
  hypertension: ['I10'],
  'type-2-diabetes': ['E11'],
};

/** Published articles, newest first, of a condition and/or department. */
export async function publishedArticles(q: Queryable, filter: { condition?: string; departmentId?: string }): Promise<ArticleSummary[]> {
  const { rows } = await q.query<SummaryRow>(
    `${SUMMARY_SELECT} WHERE a.withdrawn_at IS NULL AND ($1::text IS NULL OR $1 = ANY(a.conditions)) AND ($2::text IS NULL OR $2 = ANY(a.departments))
     ORDER BY a.updated_at DESC, a.id LIMIT 200`, [filter.condition ?? null, filter.departmentId ?? null]);
  return rows.map(toSummary);
}

/** The article, withdrawn or not, with the version asked for (default its latest); undefined when there is no such article or version. */
export async function findArticle(q: Queryable, id: string, version?: number): Promise<(Article & { withdrawn: boolean }) | undefined> {
  const { rows } = await q.query<ArticleRow>(
    `SELECT a.id, a.version, l.title, l.summary, a.conditions, a.departments, a.published_at, a.updated_at, a.withdrawn_at,
       v.version AS shown_version, v.markdown, v.html
     FROM articles a JOIN article_versions l ON l.article_id = a.id AND l.version = a.version
     JOIN article_versions v ON v.article_id = a.id AND v.version = COALESCE($2, a.version) WHERE a.id = $1`, [id, version ?? null]);
  const r = rows[0];
  return r && { ...toSummary(r), shownVersion: r.shown_version, markdown: r.markdown, html: r.html, withdrawn: r.withdrawn_at !== null };
}

/** The article a user published with an Idempotency-Key (a retry's). */
export async function articleMadeWith(q: Queryable, userId: string, key: string): Promise<string | undefined> {
  return (await q.query<{ id: string }>('SELECT id FROM articles WHERE created_by = $1 AND idempotency_key = $2', [userId, key])).rows[0]?.id;
}

async function insertVersion(tx: Queryable, id: string, version: number, input: ArticleInput, html: string, userId: string, now: Date): Promise<void> {
  await tx.query(
    'INSERT INTO article_versions (article_id, version, title, summary, markdown, html, written_by, written_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)',
    [id, version, input.title, input.summary ?? '', input.markdown, html, userId, now]);
}

/** Writes a new article and its first version; false when the key was used already. */
export async function insertArticle(tx: Queryable, a: { id: string; input: ArticleInput; html: string; userId: string; key: string; now: Date }): Promise<boolean> {
  const { rows } = await tx.query(
    `INSERT INTO articles (id, version, conditions, departments, created_by, idempotency_key, published_at, updated_at)
     VALUES ($1, 1, $2, $3, $4, $5, $6, $6) ON CONFLICT DO NOTHING RETURNING id`,
    [a.id, a.input.conditions, a.input.departments, a.userId, a.key, a.now]);
  if (!rows.length) return false;
  await insertVersion(tx, a.id, 1, a.input, a.html, a.userId, a.now);
  return true;
}

/** What became of an edit: made, or refused because the article was withdrawn or moved past the caller's version. */
export type EditOutcome = 'edited' | 'withdrawn' | 'stale' | 'missing';

/** A new version of the article (locked for it), made on `version`. */
export async function editArticle(tx: Queryable, id: string, version: number, input: ArticleInput, html: string, userId: string, now: Date): Promise<EditOutcome> {
  const { rows } = await tx.query<{ version: number; withdrawn: boolean }>('SELECT version, withdrawn_at IS NOT NULL AS withdrawn FROM articles WHERE id = $1 FOR UPDATE', [id]);
  const a = rows[0];
  if (!a) return 'missing';
  if (a.withdrawn) return 'withdrawn';
  if (a.version !== version) return 'stale';
  await insertVersion(tx, id, version + 1, input, html, userId, now);
  await tx.query('UPDATE articles SET version = $2, conditions = $3, departments = $4, updated_at = $5 WHERE id = $1', [id, version + 1, input.conditions, input.departments, now]);
  return 'edited';
}

/** Withdraws the article, once: when it was withdrawn, or undefined when there is no such article. */
export async function withdrawArticle(tx: Queryable, id: string, userId: string, now: Date): Promise<Date | undefined> {
  await tx.query('UPDATE articles SET withdrawn_at = $2, withdrawn_by = $3 WHERE id = $1 AND withdrawn_at IS NULL', [id, now, userId]);
  return (await tx.query<{ withdrawn_at: Date }>('SELECT withdrawn_at FROM articles WHERE id = $1', [id])).rows[0]?.withdrawn_at;
}

/** The plan's assigned articles that are published, unread (their latest version) first, with the patient's latest receipt. */
export async function planArticles(q: Queryable, planId: string): Promise<CarePlanArticle[]> {
  const { rows } = await q.query<SummaryRow & { assigned_at: Date; read_version: number | null; read_at: Date | null }>(
    `SELECT s.*, pa.assigned_at, r.version AS read_version, r.read_at
     FROM care_plan_articles pa JOIN (${SUMMARY_SELECT} WHERE a.withdrawn_at IS NULL) s ON s.id = pa.article_id
     LEFT JOIN LATERAL (SELECT version, read_at FROM article_reads r WHERE r.plan_id = pa.plan_id AND r.article_id = pa.article_id ORDER BY version DESC LIMIT 1) r ON true
     WHERE pa.plan_id = $1 AND pa.removed_at IS NULL
     ORDER BY (r.version IS NOT NULL AND r.version = s.version), pa.assigned_at, s.id`, [planId]);
  return rows.map((r) => ({
    article: toSummary(r), assignedAt: r.assigned_at.toISOString(),
    ...(r.read_version ? { readVersion: r.read_version, readAt: r.read_at!.toISOString() } : {}),
  }));
}

/** The ids among these that are published articles. */
export async function publishedIds(q: Queryable, ids: string[]): Promise<Set<string>> {
  const { rows } = await q.query<{ id: string }>('SELECT id FROM articles WHERE id = ANY($1::text[]) AND withdrawn_at IS NULL', [ids]);
  return new Set(rows.map((r) => r.id));
}

/** Sets the plan's assigned articles to `ids`: new ones are added (or put back), the others removed. */
export async function assignArticles(tx: Queryable, planId: string, ids: string[], userId: string | null, now: Date): Promise<void> {
  await tx.query('UPDATE care_plan_articles SET removed_at = $3 WHERE plan_id = $1 AND removed_at IS NULL AND NOT (article_id = ANY($2::text[]))', [planId, ids, now]);
  await tx.query(
    `INSERT INTO care_plan_articles (plan_id, article_id, assigned_by, assigned_at) SELECT $1, unnest($2::text[]), $3, $4
     ON CONFLICT (plan_id, article_id) DO UPDATE SET removed_at = NULL, assigned_by = EXCLUDED.assigned_by, assigned_at = EXCLUDED.assigned_at
     WHERE care_plan_articles.removed_at IS NOT NULL`, [planId, ids, userId, now]);
}

/** A new plan starts with the published articles of its template's conditions. */
export async function assignTemplateArticles(tx: Queryable, planId: string, templateId: CareTemplateId, now: Date): Promise<void> {
  await tx.query(
    `INSERT INTO care_plan_articles (plan_id, article_id, assigned_by, assigned_at)
     SELECT $1, a.id, NULL, $3 FROM articles a WHERE a.withdrawn_at IS NULL AND a.conditions && $2::text[] ON CONFLICT DO NOTHING`,
    [planId, TEMPLATE_CONDITIONS[templateId], now]);
}

/** Whether the article is assigned (and not removed) in the plan. */
export async function isAssigned(q: Queryable, planId: string, articleId: string): Promise<boolean> {
  return (await q.query('SELECT 1 FROM care_plan_articles WHERE plan_id = $1 AND article_id = $2 AND removed_at IS NULL', [planId, articleId])).rows.length > 0;
}

/** The patient's receipt for this version (kept once: the first read): when they read it. */
export async function recordRead(tx: Queryable, r: { planId: string; articleId: string; version: number; patientId: string; userId: string; now: Date }): Promise<Date> {
  await tx.query(
    `INSERT INTO article_reads (plan_id, article_id, version, patient_id, read_by, read_at) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
    [r.planId, r.articleId, r.version, r.patientId, r.userId, r.now]);
  const { rows } = await tx.query<{ read_at: Date }>('SELECT read_at FROM article_reads WHERE plan_id = $1 AND article_id = $2 AND version = $3', [r.planId, r.articleId, r.version]);
  return rows[0]!.read_at;
}
