/**
 * The care desk's reading list of a plan (健康宣教): the articles assigned in it with the patient's
 * read receipts — read (when), read only in an earlier version, or not read — and adding or
 * removing one (setCarePlanArticles). A reactive controller of <ih-care-desk>, loaded for the plan
 * its editor has open.
 */
import { html, nothing, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { articlesOf, type ArticleSummary, type CarePlanArticle, type IhClient } from '@ihkit/core';
import { ApiController } from '../internal/api-controller.js';
import type { StringKey } from '../internal/localize.js';

export interface PlanArticlesView {
  msg: (k: StringKey, p?: Record<string, string | number>) => string;
  date: (at: string) => string;
  error: (e: unknown) => string;
}

export class PlanArticles {
  /** The article chosen to add. */
  #adding = '';
  #error?: unknown;
  readonly #list: ApiController<{ assigned: CarePlanArticle[]; published: ArticleSummary[] }, readonly [IhClient, string]>;

  constructor(private readonly host: ReactiveControllerHost, args: () => readonly [IhClient, string] | undefined) {
    this.#list = new ApiController(host, {
      args,
      task: async ([client, planId], signal) => {
        const [assigned, published] = await Promise.all([articlesOf(client).listForPlan(planId, { signal }), articlesOf(client).list({}, { signal })]);
        return { assigned, published };
      },
    });
  }

  async #set(client: IhClient, planId: string, ids: string[]): Promise<void> {
    this.#error = undefined;
    try {
      const assigned = await articlesOf(client).setForPlan(planId, ids);
      this.#adding = '';
      if (this.#list.value) this.#list.value.assigned = assigned;
    } catch (e) {
      this.#error = e;
    }
    this.host.requestUpdate();
  }

  #receipt(a: CarePlanArticle, v: PlanArticlesView): string {
    if (!a.readVersion) return v.msg('articles.receipt.unread');
    return v.msg(a.readVersion === a.article.version ? 'articles.receipt.read' : 'articles.receipt.readEarlier', { date: v.date(a.readAt!) });
  }

  render(client: IhClient, planId: string, v: PlanArticlesView): TemplateResult | typeof nothing {
    const value = this.#list.value;
    if (!value) return this.#list.status === 'error' ? html`<p class="field-error" role="alert">${v.error(this.#list.error)}</p>` : nothing;
    const ids = value.assigned.map((a) => a.article.id);
    const addable = value.published.filter((a) => !ids.includes(a.id));
    return html`<section part="plan-articles" class="panel" aria-labelledby="plan-articles">
      <h4 class="subheading" id="plan-articles">${v.msg('articles.receipts')}</h4>
      ${value.assigned.length
        ? html`<div class="table-wrap">
            <table part="receipts" class="data-table" aria-labelledby="plan-articles">
              <thead>
                <tr>
                  <th scope="col">${v.msg('articles.col.title')}</th>
                  <th scope="col">${v.msg('articles.col.status')}</th>
                  <th scope="col"><span class="visually-hidden">${v.msg('articles.remove')}</span></th>
                </tr>
              </thead>
              <tbody>
                ${value.assigned.map(
                  (a) => html`<tr part=${a.readVersion === a.article.version ? 'receipt receipt-read' : 'receipt receipt-unread'}>
                    <th scope="row" data-label=${v.msg('articles.col.title')}>${a.article.title}</th>
                    <td data-label=${v.msg('articles.col.status')}>${this.#receipt(a, v)}</td>
                    <td>
                      <button type="button" part="remove-article" class="button" aria-label=${`${v.msg('articles.remove')} · ${a.article.title}`}
                        @click=${() => this.#set(client, planId, ids.filter((id) => id !== a.article.id))}>${v.msg('articles.remove')}</button>
                    </td>
                  </tr>`,
                )}
              </tbody>
            </table>
          </div>`
        : html`<p class="muted" role="status">${v.msg('articles.assignedEmpty')}</p>`}
      ${addable.length
        ? html`<div class="actions">
            <div class="field">
              <label for="add-article">${v.msg('articles.addLabel')}</label>
              <select id="add-article" part="add-article-select" class="field-select" @change=${(e: Event) => (this.#adding = (e.target as HTMLSelectElement).value)}>
                <option value="" ?selected=${!this.#adding}>—</option>
                ${addable.map((a) => html`<option value=${a.id} ?selected=${this.#adding === a.id}>${a.title}</option>`)}
              </select>
            </div>
            <button type="button" part="add-article" class="button" @click=${() => this.#adding && this.#set(client, planId, [...ids, this.#adding])}>${v.msg('articles.add')}</button>
          </div>`
        : nothing}
      ${this.#error ? html`<p class="field-error" role="alert">${v.error(this.#error)}</p>` : nothing}
    </section>`;
  }
}
