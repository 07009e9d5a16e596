/**
 * Health education (健康宣教, articles/): the hospital's articles, public to read like its own
 * site; published, edited and withdrawn by doctors and admins; assigned in follow-up plans by
 * their care team, whose patients' reads are kept as receipts the team sees. Markdown is
 * rendered and sanitized once, when written (articles/render.ts).
 */
import type { ArticleInput } from '@ihkit/core';
import type { OperationHandler, Services } from '../operations.js';
import { idempotencyKey, signedIn } from '../operations.js';
import { HttpProblem } from '../problems.js';
import { newId } from '../ids.js';
import { renderArticle } from '../articles/render.js';
import { articleMadeWith, assignArticles, editArticle, findArticle, insertArticle, isAssigned, planArticles, publishedArticles, publishedIds, recordRead, withdrawArticle } from '../articles/store.js';
import { visiblePlan } from './care.js';

const render = (services: Services, input: ArticleInput) => renderArticle(input.markdown, services.articleImageOrigins);

/** The published article, or NOT_FOUND (also for a withdrawn one). */
async function publishedArticle(services: Services, id: string, version?: number) {
  const article = await findArticle(services.db, id, version);
  if (!article || article.withdrawn) throw new HttpProblem('NOT_FOUND');
  const { withdrawn: _withdrawn, ...shown } = article;
  return shown;
}

export const listArticles: OperationHandler<'listArticles'> = {
  async handle(call, services) {
    return { body: { items: await publishedArticles(services.db, call.query) } };
  },
};

export const getArticle: OperationHandler<'getArticle'> = {
  async handle(call, services) {
    return { body: await publishedArticle(services, call.params.articleId, call.query.version) };
  },
};

// Publishing, editing and withdrawing touch no patient's data: not in the audit trail (the versions keep who wrote what, when).
export const publishArticle: OperationHandler<'publishArticle'> = {
  async handle(call, services) {
    const user = signedIn(call);
    const key = idempotencyKey(call);
    let id = await articleMadeWith(services.db, user.id, key);
    if (!id) {
      const made = newId('art');
      const html = render(services, call.body);
      await services.db.transaction((tx) =>
        insertArticle(tx, { id: made, input: call.body, html, userId: user.id, key, now: services.now() }));
      id = (await articleMadeWith(services.db, user.id, key))!;
    }
    return { status: 201, body: await publishedArticle(services, id) };
  },
};

export const updateArticle: OperationHandler<'updateArticle'> = {
  async handle(call, services) {
    const user = signedIn(call);
    const id = call.params.articleId;
    const { version, article: input } = call.body;
    const html = render(services, input);
    const outcome = await services.db.transaction((tx) => editArticle(tx, id, version, input, html, user.id, services.now()));
    if (outcome === 'missing') throw new HttpProblem('NOT_FOUND');
    if (outcome === 'withdrawn') throw new HttpProblem('ARTICLE_WITHDRAWN');
    if (outcome === 'stale') throw new HttpProblem('ARTICLE_CHANGED');
    return { body: await publishedArticle(services, id) };
  },
};

export const withdrawArticleHandler: OperationHandler<'withdrawArticle'> = {
  async handle(call, services) {
    const user = signedIn(call);
    const withdrawnAt = await services.db.transaction((tx) => withdrawArticle(tx, call.params.articleId, user.id, services.now()));
    if (!withdrawnAt) throw new HttpProblem('NOT_FOUND');
    return { body: { id: call.params.articleId, withdrawnAt: withdrawnAt.toISOString() } };
  },
};

export const listCarePlanArticles: OperationHandler<'listCarePlanArticles'> = {
  audit: 'care_plan',
  async handle(call, services) {
    const { plan } = await visiblePlan(call, services, call.params.planId);
    return { body: { items: await planArticles(services.db, plan.id) } };
  },
};

export const setCarePlanArticles: OperationHandler<'setCarePlanArticles'> = {
  audit: 'care_plan',
  async handle(call, services) {
    const { plan, user } = await visiblePlan(call, services, call.params.planId, 'care-team');
    if (plan.ended_at) throw new HttpProblem('CARE_PLAN_ENDED');
    const ids = call.body.articleIds;
    const published = await publishedIds(services.db, ids);
    const unknown = ids.map((id, i) => ({ id, i })).filter((x) => !published.has(x.id));
    if (unknown.length) throw new HttpProblem('VALIDATION_FAILED', 'Only published articles are assigned.', unknown.map((x) => ({ pointer: `/body/articleIds/${x.i}`, message: 'is not a published article' })));
    await services.db.transaction(async (tx) => {
      call.audit.resourceId = plan.id;
      await assignArticles(tx, plan.id, ids, user.id, services.now());
    });
    return { body: { items: await planArticles(services.db, plan.id) } };
  },
};

export const markArticleRead: OperationHandler<'markArticleRead'> = {
  audit: 'article_read',
  async handle(call, services) {
    const { plan, user } = await visiblePlan(call, services, call.params.planId, 'patient');
    const { articleId } = call.params;
    const { version } = call.body;
    const article = await findArticle(services.db, articleId, version);
    if (!article || article.withdrawn || !(await isAssigned(services.db, plan.id, articleId))) throw new HttpProblem('NOT_FOUND');
    const readAt = await services.db.transaction(async (tx) => {
      call.audit.resourceId = articleId;
      return recordRead(tx, { planId: plan.id, articleId, version, patientId: plan.patient_id, userId: user.id, now: services.now() });
    });
    return { body: { version, readAt: readAt.toISOString() } };
  },
};
