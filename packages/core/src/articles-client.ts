/**
 * Health education (健康宣教): the hospital's articles, and the ones a care team assigns in a
 * follow-up plan with the patient's read receipts. `articlesOf(client)` gives the one
 * ArticlesClient of a client.
 */
import type { CallOptions, IhClient } from './client.js';
import type { Article, ArticleInput, ArticleSummary, CarePlanArticle, ResponseBody } from './types.js';

export class ArticlesClient {
  constructor(readonly client: IhClient) {}

  /** Published articles, newest first, of a condition (ICD-10 code) or department when given; public. */
  list(query: { condition?: string; departmentId?: string } = {}, o?: CallOptions): Promise<ArticleSummary[]> {
    return this.client.call('get', '/articles', { ...o, query }).then((r) => r.items);
  }
  /** One article with its sanitized HTML: the latest version, or `version`. */
  get(articleId: string, version?: number, o?: CallOptions): Promise<Article> {
    return this.client.call('get', '/articles/{articleId}', articleId, { ...o, query: { version } });
  }
  /** For doctors and admins: publishes an article written in Markdown (retry-safe). */
  publish(input: ArticleInput, o?: CallOptions): Promise<Article> {
    return this.client.call('post', '/articles', { ...o, body: input, creates: true });
  }
  /** For doctors and admins: a new version, made on `version`. */
  update(articleId: string, version: number, article: ArticleInput, o?: CallOptions): Promise<Article> {
    return this.client.call('put', '/articles/{articleId}', articleId, { ...o, body: { version, article } });
  }
  withdraw(articleId: string, o?: CallOptions): Promise<ResponseBody<'withdrawArticle'>> {
    return this.client.call('post', '/articles/{articleId}/withdraw', articleId, { ...o, idempotent: true });
  }
  /** The articles assigned in a plan, unread first, with the patient's read receipts. */
  listForPlan(planId: string, o?: CallOptions): Promise<CarePlanArticle[]> {
    return this.client.call('get', '/care/plans/{planId}/articles', planId, o).then((r) => r.items);
  }
  /** For the plan's care team: the articles assigned in it. */
  setForPlan(planId: string, articleIds: string[], o?: CallOptions): Promise<CarePlanArticle[]> {
    return this.client.call('put', '/care/plans/{planId}/articles', planId, { ...o, body: { articleIds } }).then((r) => r.items);
  }
  /** For the patient: they read this version of an article assigned in their plan. */
  markRead(planId: string, articleId: string, version: number, o?: CallOptions): Promise<ResponseBody<'markArticleRead'>> {
    return this.client.call('post', '/care/plans/{planId}/articles/{articleId}/read', planId, articleId, { ...o, body: { version }, idempotent: true });
  }
}

const articlesClients = new WeakMap<IhClient, ArticlesClient>();

export function articlesOf(client: IhClient): ArticlesClient {
  let c = articlesClients.get(client);
  if (!c) articlesClients.set(client, (c = new ArticlesClient(client)));
  return c;
}
