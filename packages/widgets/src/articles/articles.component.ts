import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { unsafeHTML } from 'lit/directives/unsafe-html.js';
import { articlesOf, type Article, type ArticleSummary, type CarePlanArticle } from '@ihkit/core';
import { IhElement } from '../internal/ih-element.js';
import { FocusAfterUpdate } from '../internal/focus.js';
import { ApiController } from '../internal/api-controller.js';
import { viewHeader } from '../internal/view-header.js';
import { optionBody } from '../internal/option.js';
import type { StringKey } from '../internal/localize.js';
import { articleStrings } from '../locales/articles/area.js';
import { conditionName } from './article-text.js';
import styles from './articles.styles.js';

/** One row of the list: an article, and in a plan whether the patient read its latest version. */
interface Row {
  article: ArticleSummary;
  read?: boolean;
}

/**
 * @summary Health education (健康宣教): the hospital's articles, and an article to read. With
 * `plan`, the articles the patient's care team assigned in that follow-up plan, unread first
 * (signed in; opening one records that the patient read it, which the care team sees); without
 * it, the published articles for anyone, of one condition (`condition`, an ICD-10 code) or
 * department (`department-id`) when given, else with a filter by condition.
 *
 * The article is the gateway's sanitized HTML (rendered from the author's Markdown, never the
 * author's own HTML): no styles or scripts, so it shows under a strict Content-Security-Policy;
 * its pictures come from the hospital's own site and scale to the reading width.
 *
 * The element emits no events: what a patient reads goes only to the gateway.
 *
 * @csspart base - The card around the widget.
 * @csspart header - The row with the heading.
 * @csspart heading - The heading.
 * @csspart back-button - Back to the list.
 * @csspart filter - The filter by condition.
 * @csspart option-list - The articles.
 * @csspart option - One article; also `option-unread`.
 * @csspart article - The article's text.
 * @csspart loading - The loading skeleton.
 * @csspart empty - An empty state.
 * @csspart error - An error state.
 * @csspart retry-button - Retries a failed load.
 * @csspart sign-in - Signed out (with `plan`).
 *
 * @cssproperty --ih-color-primary - Brand colour, links, the unread badge.
 * @cssproperty --ih-color-bg - Background.
 * @cssproperty --ih-color-surface - Quotes.
 * @cssproperty --ih-color-text - Body text.
 * @cssproperty --ih-color-muted - Secondary text.
 * @cssproperty --ih-color-border - Borders.
 * @cssproperty --ih-radius - Corner radius.
 * @cssproperty --ih-font-size - Base size (px/em).
 */
export class IhArticles extends IhElement {
  static override styles = styles;
  static override properties = {
    plan: { reflect: true },
    condition: { reflect: true },
    departmentId: { attribute: 'department-id', reflect: true },
    headingLevel: { attribute: 'heading-level', type: Number },
    embedded: { type: Boolean, reflect: true },
    opened: { state: true },
    filter: { state: true },
  };

  static override stringAreas = [...IhElement.stringAreas, articleStrings];

  protected override get signInHint(): StringKey {
    return 'articles.signInHint';
  }

  /** A follow-up plan's id: its assigned articles, with read receipts. */
  plan?: string;
  /** An ICD-10 code (I10, E11): only articles about it. */
  condition?: string;
  /** An HIS department id: only articles of that department. */
  departmentId?: string;
  /** The ARIA level of the heading, to fit the host page's outline. */
  headingLevel = 3;
  /** Shown inside another element's card (as <ih-followup> shows a plan's articles): no card of its own. */
  embedded = false;

  private opened?: string;
  /** The condition chosen in the filter (without `condition`). */
  private filter = '';
  readonly #focus = new FocusAfterUpdate(this);
  /** Articles whose receipt this element sent (id and version), so reopening sends none. */
  readonly #marked = new Set<string>();

  readonly #list = new ApiController(this, {
    args: () => {
      const client = this.plan ? this.client : this.publicClient;
      return client ? ([client, this.plan, this.condition, this.departmentId] as const) : undefined;
    },
    task: async ([client, plan, condition, departmentId], signal): Promise<Row[]> =>
      plan
        ? (await articlesOf(client).listForPlan(plan, { signal })).map((a: CarePlanArticle) => ({ article: a.article, read: a.readVersion === a.article.version }))
        : (await articlesOf(client).list({ condition, departmentId }, { signal })).map((article) => ({ article })),
    isEmpty: (rows: Row[]) => rows.length === 0,
  });

  readonly #article = new ApiController(this, {
    args: () => (this.publicClient && this.opened ? ([this.publicClient, this.opened] as const) : undefined),
    task: ([client, id], signal) => articlesOf(client).get(id, undefined, { signal }),
  });

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    // The article's own headings (h2 to h4) sit under the element's heading in the page's outline.
    for (const h of this.renderRoot.querySelectorAll('.article :is(h2, h3, h4)')) h.setAttribute('aria-level', String(this.headingLevel + Number(h.tagName[1]) - 1));
    const article = this.#article.value;
    if (this.plan && this.client && article && article.id === this.opened) void this.#markRead(this.plan, article);
  }

  /** The patient opened the article: their receipt for this version (once). */
  async #markRead(plan: string, article: Article): Promise<void> {
    const key = `${article.id}@${article.shownVersion}`;
    if (this.#marked.has(key)) return;
    this.#marked.add(key);
    try {
      await articlesOf(this.client!).markRead(plan, article.id, article.shownVersion);
      void this.#list.refresh();
    } catch {
      // Not recorded: the next opening tries again.
      this.#marked.delete(key);
    }
  }

  #open(id: string) {
    this.opened = id;
    this.#focus.next('[part~="heading"]');
  }

  #close = () => {
    const id = this.opened;
    this.opened = undefined;
    this.#focus.next(id ? `[data-id="${id}"]` : '[part~="heading"]');
  };

  protected override render(): TemplateResult {
    const article = this.opened ? this.#article.value : undefined;
    const heading = this.opened ? (article?.id === this.opened ? article.title : this.msg('articles.label')) : this.msg(this.plan ? 'articles.assigned' : 'articles.label');
    return html`<section part="base" lang=${this.l10n.locale} aria-label=${this.msg('articles.label')}>
      ${viewHeader({ heading, level: this.headingLevel, ...(this.opened ? { back: { label: this.msg('articles.back'), onClick: this.#close } } : {}) })}
      ${this.opened
        ? this.renderApi(this.#article, (a) => this.#renderArticle(a), () => html``, 6, true)
        : this.renderApi(this.#list, (rows) => this.#renderList(rows), () => this.#renderEmpty(), 3, !this.plan)}
    </section>`;
  }

  #renderEmpty(): TemplateResult {
    return this.plan ? this.renderEmpty(this.msg('articles.assignedEmpty'), this.msg('articles.assignedEmptyHint')) : this.renderEmpty(this.msg('articles.empty'), this.msg('articles.emptyHint'));
  }

  #renderList(rows: Row[]): TemplateResult {
    // The filter: the conditions the articles are about, when the page did not choose one.
    const conditions = this.plan || this.condition ? [] : [...new Set(rows.flatMap((r) => r.article.conditions))].sort();
    const shown = this.filter ? rows.filter((r) => r.article.conditions.includes(this.filter)) : rows;
    const name = (code: string) => conditionName(code, (k) => this.msg(k));
    return html`${conditions.length > 1
        ? html`<div class="field filter" part="filter">
            <label for="filter">${this.msg('articles.filter')}</label>
            <select id="filter" @change=${(e: Event) => (this.filter = (e.target as HTMLSelectElement).value)}>
              <option value="" ?selected=${!this.filter}>${this.msg('articles.filter.all')}</option>
              ${conditions.map((c) => html`<option value=${c} ?selected=${this.filter === c}>${name(c)}</option>`)}
            </select>
          </div>`
        : nothing}
      <ul part="option-list" class="options" role="list">
        ${shown.map(
          ({ article: a, read }) => html`<li>
            <button type="button" part=${read === false ? 'option option-unread' : 'option'} class="option" data-id=${a.id} @click=${() => this.#open(a.id)}>
              ${optionBody(
                html`${a.title}${read === undefined ? nothing : html` <span class=${read ? 'badge' : 'badge unread'}>${this.msg(read ? 'articles.read' : 'articles.unread')}</span>`}`,
                a.summary || undefined,
                a.conditions.map(name).join(' · ') || undefined,
              )}
            </button>
          </li>`,
        )}
      </ul>`;
  }

  #renderArticle(a: Article): TemplateResult {
    return html`<p class="muted article-meta">${this.msg('articles.updated', { date: this.l10n.date(a.updatedAt) })}</p>
      <div part="article" class="article">${unsafeHTML(a.html)}</div>`;
  }
}
