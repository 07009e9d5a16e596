import { define } from '../internal/define.js';
import { IhArticles } from './articles.component.js';

export * from './articles.component.js';
export default IhArticles;

define('articles', IhArticles);

declare global {
  interface HTMLElementTagNameMap {
    'ih-articles': IhArticles;
  }
}
