/**
 * A small hospital in the vendor's format, for the stand-in: two departments, three doctors, a
 * week of schedules, a drug list with one interaction and one allergy, and as many test
 * patients as a test asks for (fictional names; ID numbers with valid check digits).
 */
import type { HisFixture } from '@ihkit/adapters/conformance';
import { addDays, localDate, residentIdCheckChar } from '@ihkit/core';
import { startVendorHis, type Hy, type VendorHis, type VendorHisData } from './vendor-his.js';

const birthDate = (n: number) => addDays('1980-01-01', n * 37);

/** A fictional resident ID number (born 1980-01-01 + n days) with a valid check digit. */
function idNumber(n: number): string {
  const born = birthDate(n).replaceAll('-', '');
  const body = `110105${born}${String(100 + (n % 900)).padStart(3, '0')}`;
  return body + residentIdCheckChar(body);
}

export function sampleHospital(options: { from: string; days: number; patients: number }): VendorHisData {
  const ys = [
    { ysdm: 'Y1001', ysxm: '王建国', ksdm: 'K01', zc: '主任医师' as const, sc: '高血压、冠心病', ghf: 5000 },
    { ysdm: 'Y1002', ysxm: '李秀英', ksdm: 'K01', zc: '主治医师' as const, sc: '心律失常', ghf: 2000 },
    { ysdm: 'Y2001', ysxm: '陈晓东', ksdm: 'K02', zc: '副主任医师' as const, sc: '糖尿病、甲状腺疾病', ghf: 3000 },
  ];
  const hy: Hy[] = [];
  for (let d = 0; d < options.days; d++) {
    const jzrq = addDays(options.from, d);
    for (const y of ys) {
      hy.push({ hydm: `H${jzrq.replaceAll('-', '')}${y.ysdm}A`, ysdm: y.ysdm, ksdm: y.ksdm, jzrq, kssj: '08:00', jssj: '10:00', zhs: 6, syhs: 6, ghf: y.ghf });
      // One place left: what the race check needs.
      hy.push({ hydm: `H${jzrq.replaceAll('-', '')}${y.ysdm}B`, ysdm: y.ysdm, ksdm: y.ksdm, jzrq, kssj: '14:00', jssj: '16:30', zhs: 4, syhs: 1, ghf: y.ghf });
    }
  }
  const br = Array.from({ length: options.patients }, (_, i) => ({
    brid: `BR${String(i + 1).padStart(6, '0')}`,
    xm: `测试${String.fromCharCode(0x7532 + (i % 10))}${i + 1}`,
    xb: (i % 2 ? '2' : '1') as '1' | '2',
    csrq: birthDate(i + 1).replaceAll('-', ''),
    sfzh: idNumber(i + 1),
    jzkh: `JZ${String(880000 + i + 1)}`,
    sjhm: `1390000${String(i + 1).padStart(4, '0')}`,
  }));
  return {
    ks: [
      { ksdm: 'K01', ksmc: '心内科', ksms: '高血压、冠心病、心律失常的诊治' },
      { ksdm: 'K02', ksmc: '内分泌科', ksms: '糖尿病、甲状腺疾病' },
    ],
    ys, hy, br,
    jz: br.slice(0, 3).map((b, i) => ({
      jzdm: `JZ${i + 1}`, brid: b.brid, ksdm: 'K01', ysdm: 'Y1001', jzrq: addDays(options.from, -30 - i), jzlx: 'mz' as const,
      zd: [{ icd: 'I10', mc: '原发性高血压' }],
    })),
    yp: [
      { ypdm: 'YP001', ypmc: '苯磺酸氨氯地平片', ywmc: 'Amlodipine Besylate Tablets', gg: '5mg', jx: '片剂', tj: '口服', bzsl: 28, bzdw: '盒', dj: 2850, kc: 120, gzlb: '0', jldw: 'mg', dwjl: 5, cryl: { zx: 2.5, zd: 10, rzd: 10 }, gmz: [], yl: ['ccb'], cf: 'amlodipine', pym: 'bhaldpp' },
      { ypdm: 'YP002', ypmc: '阿司匹林肠溶片', ywmc: 'Aspirin Enteric-coated Tablets', gg: '100mg', jx: '片剂', tj: '口服', bzsl: 30, bzdw: '盒', dj: 1560, kc: 200, gzlb: '0', jldw: 'mg', dwjl: 100, cryl: { zx: 75, zd: 300, rzd: 300 }, gmz: ['nsaid'], yl: ['nsaid', 'antiplatelet'], cf: 'aspirin', pym: 'aspl' },
      { ypdm: 'YP003', ypmc: '华法林钠片', ywmc: 'Warfarin Sodium Tablets', gg: '2.5mg', jx: '片剂', tj: '口服', bzsl: 60, bzdw: '瓶', dj: 3200, kc: 40, gzlb: '0', jldw: 'mg', dwjl: 2.5, cryl: { zx: 1, zd: 10, rzd: 10 }, gmz: [], yl: ['anticoagulant'], cf: 'warfarin', pym: 'hfln' },
      { ypdm: 'YP004', ypmc: '阿莫西林胶囊', ywmc: 'Amoxicillin Capsules', gg: '0.25g', jx: '胶囊剂', tj: '口服', bzsl: 24, bzdw: '盒', dj: 1280, kc: 80, gzlb: '0', jldw: 'g', dwjl: 0.25, cryl: { zx: 0.5, zd: 1, rzd: 4 }, gmz: ['penicillin'], yl: ['penicillin'], cf: 'amoxicillin', pym: 'amxl' },
      { ypdm: 'YP005', ypmc: '盐酸曲马多片', ywmc: 'Tramadol Hydrochloride Tablets', gg: '50mg', jx: '片剂', tj: '口服', bzsl: 10, bzdw: '盒', dj: 2100, kc: 10, gzlb: '3', jldw: 'mg', dwjl: 50, gmz: [], yl: ['opioid'], cf: 'tramadol', pym: 'ysqmdp' },
    ],
    xh: [{ a: 'anticoagulant', b: 'antiplatelet', jb: 'yz', sm: '出血风险增加' }],
    gm: br.length ? [{ brid: br[0]!.brid, gmz: 'penicillin', gmmc: '青霉素', fy: '皮疹' }] : [],
  };
}

/**
 * The stand-in filled with a sample hospital from tomorrow for a week, and the conformance kit's
 * fixture for it: patients 10 and 11 for the checks, 20 onwards for the race.
 */
export async function startSampleHis(): Promise<{ vendor: VendorHis; fixture: HisFixture }> {
  const from = addDays(localDate(new Date(), 'Asia/Shanghai'), 1);
  const vendor = await startVendorHis(sampleHospital({ from, days: 7, patients: 60 }));
  const brid = (i: number) => vendor.data.br[i]!.brid;
  return {
    vendor,
    fixture: {
      patientIds: [brid(10), brid(11)],
      from,
      to: addDays(from, 6),
      drugSearch: '阿司匹林',
      interactingDrugIds: ['YP002', 'YP003'],
      patients: async (n) => vendor.data.br.slice(20, 20 + n).map((b) => b.brid),
      notApplicable: { guardians: 'the vendor HIS\'s web service has no guardians call: every child\'s family link waits for the desk' },
    },
  };
}
