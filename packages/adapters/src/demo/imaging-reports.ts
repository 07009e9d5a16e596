/**
 * The demo PACS's radiology reports, written as a Chinese hospital's radiologists write them
 * (检查所见, then 诊断意见 numbered when there is more than one): a normal chest radiograph, an
 * abdominal CT with findings, and a knee MR reported yesterday and not yet verified. The
 * people are invented; the pictures they describe are phantoms, not diagnostic images.
 */
import type { ImagingReport } from '../pacs.js';

/** When, counted from the study's day: [days after it, local HH:MM]. */
export type DemoReportTime = readonly [number, string];

export interface DemoReport {
  status: ImagingReport['status'];
  findings: string;
  impression: string;
  reporter: string;
  /** Verified reports only. */
  verifier?: string;
  written: DemoReportTime;
  verified?: DemoReportTime;
}

/** By the demo study's key (pacs.ts). */
export const DEMO_REPORTS: Readonly<Record<string, DemoReport>> = {
  'zw-chest': {
    status: 'final',
    findings: [
      '两肺纹理清晰，走行自然，两肺野内未见明显实质性病变。两肺门影不大，结构清楚。',
      '心影大小、形态未见异常，主动脉结不宽。纵隔居中，气管居中。',
      '两侧膈面光整，两侧肋膈角锐利。所见胸廓骨质未见明显异常。',
    ].join('\n'),
    impression: '心、肺、膈未见明显异常。',
    reporter: '陈思远',
    verifier: '刘建华',
    written: [0, '10:05'],
    verified: [0, '10:40'],
  },
  'zw-abdomen': {
    status: 'final',
    findings: [
      '肝脏大小、形态正常，各叶比例协调；肝实质密度弥漫性减低，平扫 CT 值约 42 HU，低于同层脾脏（约 55 HU）。肝右叶 S6 段见一类圆形低密度影，大小约 1.3 cm×1.1 cm，边界清楚，CT 值约 8 HU，增强扫描各期均未见强化。肝内外胆管未见扩张，门静脉显影良好。',
      '胆囊不大，壁不厚，腔内未见异常密度影。胰腺形态、密度未见异常，胰管未见扩张。脾脏大小正常，密度均匀。双侧肾上腺未见增粗。双肾形态、大小正常，增强后强化均匀。',
      '腹膜后未见肿大淋巴结，腹腔内未见积液。',
    ].join('\n'),
    impression: ['1. 脂肪肝（轻度）。', '2. 肝右叶 S6 段囊肿，建议定期复查。', '3. 余上腹部 CT 平扫+增强未见明显异常。'].join('\n'),
    reporter: '赵文博',
    verifier: '刘建华',
    written: [0, '16:50'],
    verified: [1, '09:15'],
  },
  'wxy-knee': {
    status: 'preliminary',
    findings: [
      '右膝关节诸骨未见明显骨折征象；股骨内侧髁及胫骨平台内侧关节面下见斑片状长 T1、长 T2 信号影，压脂序列呈高信号。股骨、胫骨及髌骨边缘骨质增生变尖，关节软骨变薄、局部毛糙。',
      '内侧半月板后角见斜行线样高信号影，达关节面；外侧半月板形态、信号未见明显异常。前、后交叉韧带走行连续，信号未见异常；内、外侧副韧带未见明显异常。',
      '关节腔及髌上囊内见少量长 T2 信号积液影。周围软组织未见明显异常。',
    ].join('\n'),
    impression: ['1. 右膝关节退行性骨关节病。', '2. 右膝内侧半月板后角撕裂（Ⅲ度信号）。', '3. 股骨内侧髁及胫骨平台骨髓水肿。', '4. 右膝关节腔少量积液。'].join('\n'),
    reporter: '孙晓婷',
    written: [0, '15:30'],
  },
};
