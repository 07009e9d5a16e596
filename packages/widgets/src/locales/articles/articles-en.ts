import type { articles as zhCN } from './articles-zh-CN.js';

/** <ih-articles> in English. */
export const articles: Record<keyof typeof zhCN, string> = {
  'articles.label': 'Health education',
  'articles.assigned': 'Reading from your care team',
  'articles.signInHint': 'Sign in to see the articles your care team recommends.',
  'articles.empty': 'No articles yet',
  'articles.emptyHint': 'Health articles the hospital publishes will show here.',
  'articles.assignedEmpty': 'Nothing to read yet',
  'articles.assignedEmptyHint': 'Articles your doctor or nurse recommends will show here.',
  'articles.filter': 'Filter by condition',
  'articles.filter.all': 'All',
  'articles.condition.I10': 'High blood pressure',
  'articles.condition.E11': 'Type 2 diabetes',
  'articles.unread': 'Unread',
  'articles.read': 'Read',
  'articles.updated': 'Updated {date}',
  'articles.back': 'Back to the list',
  'articles.receipts': 'Recommended reading',
  'articles.receipt.read': 'Read {date}',
  'articles.receipt.readEarlier': 'Read an earlier version ({date})',
  'articles.receipt.unread': 'Not read',
  'articles.col.title': 'Article',
  'articles.col.status': 'Read',
  'error.ARTICLE_CHANGED': 'The article was edited meanwhile. Please try again.',
  'error.ARTICLE_WITHDRAWN': 'This article has been withdrawn.',
};
