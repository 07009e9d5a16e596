/** Health education articles as the gateway answers them (sanitized HTML), for the <ih-articles>, <ih-followup> and <ih-care-desk> tests. */
import type { Article, ArticleSummary, CarePlanArticle } from '@ihkit/core';

const days = (d: number) => new Date(Date.now() - d * 86_400_000).toISOString();

export const SALT: Article = {
  id: 'art_salt',
  version: 2,
  shownVersion: 2,
  title: '高血压患者如何做到低盐饮食',
  summary: '每人每天食盐不超过5克，少吃腌制食品。',
  conditions: ['I10'],
  departments: ['dept_cardio'],
  publishedAt: days(30),
  updatedAt: days(3),
  markdown: '## 为什么要限盐',
  html: '<h2>为什么要限盐</h2>\n<p>盐吃多了，血压会升高。<strong>每人每天食盐不超过5克</strong>，约一啤酒瓶盖。</p>\n<p><img src="data:image/svg+xml,%3Csvg xmlns=%22http://www.w3.org/2000/svg%22 width=%221200%22 height=%22600%22%3E%3Crect width=%221200%22 height=%22600%22 fill=%22%23cde%22/%3E%3C/svg%3E" alt="一啤酒瓶盖的盐约为5克" /></p>\n<ul>\n<li>少吃咸菜、腊肉</li>\n<li>用限盐勺</li>\n</ul>\n<p>更多见 <a href="https://www.example.org/salt" rel="noopener noreferrer">中国居民膳食指南</a>。</p>',
};

export const FOOT: Article = {
  id: 'art_foot',
  version: 1,
  shownVersion: 1,
  title: '糖尿病足的日常护理',
  summary: '每天检查双脚，温水洗脚。',
  conditions: ['E11'],
  departments: ['dept_endo'],
  publishedAt: days(20),
  updatedAt: days(20),
  markdown: '每天检查双脚。',
  html: '<p>每天检查双脚，有破口及时就医。</p>',
};

export const summaryOf = ({ markdown: _m, html: _h, shownVersion: _s, ...summary }: Article): ArticleSummary => summary;

/** A plan's reading list: the salt article unread (read in an earlier version), the foot one read. */
export const PLAN_ARTICLES: CarePlanArticle[] = [
  { article: summaryOf(SALT), assignedAt: days(10), readVersion: 1, readAt: days(5) },
  { article: summaryOf(FOOT), assignedAt: days(10), readVersion: 1, readAt: days(2) },
];
