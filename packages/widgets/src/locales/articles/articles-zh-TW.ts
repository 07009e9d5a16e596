import type { articles as zhCN } from './articles-zh-CN.js';

/** <ih-articles> in Traditional Chinese. */
export const articles: Record<keyof typeof zhCN, string> = {
  'articles.label': '健康衛教',
  'articles.assigned': '醫護為您推薦的文章',
  'articles.signInHint': '登入後查看醫護為您推薦的健康文章。',
  'articles.empty': '暫無文章',
  'articles.emptyHint': '醫院發布健康衛教文章後，會顯示在這裡。',
  'articles.assignedEmpty': '暫無推薦閱讀',
  'articles.assignedEmptyHint': '醫師或護理師為您推薦文章後，會顯示在這裡。',
  'articles.filter': '依疾病篩選',
  'articles.filter.all': '全部',
  'articles.condition.I10': '高血壓',
  'articles.condition.E11': '第2型糖尿病',
  'articles.unread': '未讀',
  'articles.read': '已讀',
  'articles.updated': '更新於 {date}',
  'articles.back': '返回列表',
  'articles.receipts': '推薦閱讀',
  'articles.receipt.read': '{date} 已讀',
  'articles.receipt.readEarlier': '已讀舊版本（{date}）',
  'articles.receipt.unread': '未讀',
  'articles.col.title': '文章',
  'articles.col.status': '閱讀情況',
  'error.ARTICLE_CHANGED': '文章已被他人修改，請重新整理後再試。',
  'error.ARTICLE_WITHDRAWN': '該文章已撤回。',
};
