/**
 * The demo hospital's health education articles (健康宣教): hypertension and type 2 diabetes, in
 * Simplified Chinese, written by its cardiologist and rendered like any other (render.ts). The
 * picture is the portal's own (examples/portal/education/). Seeded once: a restart keeps them.
 */
import type { Queryable } from '@ihkit/adapters';
import type { ArticleInput, Department } from '@ihkit/core';
import { findUserByUsername } from '../users.js';
import { renderArticle } from './render.js';
import { insertArticle } from './store.js';

const AUTHOR = 'dr.zhou';

const ARTICLES: ReadonlyArray<{ id: string; department: string; input: Omit<ArticleInput, 'departments'> }> = [
  {
    id: 'art_demo_low_salt',
    department: '心血管内科',
    input: {
      title: '高血压患者如何做到低盐饮食',
      summary: '每人每天食盐不超过5克，警惕酱油、咸菜和加工食品里“看不见的盐”。',
      conditions: ['I10'],
      markdown: `盐吃得多，血压就容易高。《中国高血压防治指南》建议，成人每天食盐不超过 **5 克**，大约是一个啤酒瓶盖的量。

![一啤酒瓶盖的盐约为5克，是成人一天的上限](/education/salt-spoon.svg)

## 看不见的盐

- 10 毫升酱油约含 1.5 克盐；
- 咸菜、腊肉、火腿、方便面调料都含盐很多；
- 点心、面包、挂面里也有盐。

## 做菜时可以这样减盐

1. 用限盐勺，每餐按量放盐；
2. 起锅前再放盐，咸味更明显；
3. 多用醋、葱、姜、蒜、柠檬调味；
4. 少喝菜汤，汤里的盐最多。

> 多吃新鲜蔬菜、水果（含钾丰富）也有助于控制血压；肾功能不好的患者，吃高钾食物前请先问医生。`,
    },
  },
  {
    id: 'art_demo_home_bp',
    department: '心血管内科',
    input: {
      title: '在家测血压的正确方法',
      summary: '测前安静休息5分钟，坐位、袖带与心脏同高，早晚各测一次并记录。',
      conditions: ['I10'],
      markdown: `家庭自测血压能反映平时的真实血压，帮助医生调整用药。

## 测量前

- 30 分钟内不吸烟、不喝咖啡或浓茶，排空小便；
- 坐在有靠背的椅子上安静休息 **5 分钟**。

## 测量时

- 上臂裸露，袖带下缘在肘窝上方 2～3 厘米，与心脏在同一高度；
- 测量时不说话、不动；
- 每次测 2 遍，间隔 1 分钟，取平均值。

## 什么时候测

每天早上起床后 1 小时内（服药前、早饭前）和晚上睡前各测一次，记录在随访里。家庭血压 **≥135/85 mmHg** 提示血压控制不好，请告诉您的医生。`,
    },
  },
  {
    id: 'art_demo_glucose',
    department: '内分泌科',
    input: {
      title: '2型糖尿病患者怎样监测血糖',
      summary: '空腹血糖和餐后2小时血糖都要测；低于3.9 mmol/L 是低血糖，要马上处理。',
      conditions: ['E11'],
      markdown: `规律监测血糖，才能知道饮食、运动和药物是否合适。

## 测哪些时间点

| 时间 | 控制目标（mmol/L） |
|:--|:--|
| 空腹 | 4.4～7.0 |
| 餐后 2 小时（从吃第一口饭算起） | 小于 10.0 |

## 测量小贴士

- 用温水洗手并擦干，不要用酒精后立刻采血；
- 采血选手指侧面，疼痛更轻；
- 试纸注意有效期，开封后按说明保存。

## 出现低血糖怎么办

血糖 **低于 3.9 mmol/L**，或出现心慌、出汗、手抖、饥饿感时，立即吃 15 克糖（如半杯果汁或 3～4 块方糖），15 分钟后复测。意识不清时请立即拨打 120。`,
    },
  },
  {
    id: 'art_demo_foot',
    department: '内分泌科',
    input: {
      title: '糖尿病足的日常护理',
      summary: '每天检查双脚，用温水洗脚，不赤脚走路，小伤口也要及时就医。',
      conditions: ['E11'],
      markdown: `糖尿病会让脚的感觉变迟钝、血液循环变差，小伤口也可能发展成难以愈合的溃疡。

## 每天做到

- 睡前检查双脚，看看有没有水疱、裂口、红肿，看不到脚底可以用镜子；
- 用 **37℃ 左右** 的温水洗脚，不超过 10 分钟，先用手肘试水温；
- 洗后擦干，尤其是脚趾缝；
- 皮肤干裂可涂润肤霜，但不要涂在趾缝里。

## 不要做

- 不要赤脚走路，不用热水袋、电热毯暖脚；
- 不要自己剪鸡眼、老茧。

发现伤口、颜色变化或疼痛，请尽快到内分泌科或糖尿病足门诊就诊。`,
    },
  },
];

/** Writes the demo's articles once (a restart finds them), tagged with the HIS's departments of those names. */
export async function seedDemoArticles(db: Queryable, departments: readonly Department[], now: Date): Promise<void> {
  const author = await findUserByUsername(db, AUTHOR);
  if (!author) return;
  for (const a of ARTICLES) {
    const department = departments.find((d) => d.name === a.department);
    const input: ArticleInput = { ...a.input, departments: department ? [department.id] : [] };
    await insertArticle(db, { id: a.id, input, html: renderArticle(input.markdown, []), userId: author.id, key: a.id, now });
  }
}
