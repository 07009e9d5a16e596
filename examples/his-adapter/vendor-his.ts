/**
 * A stand-in for a vendor HIS's own JSON web service — the kind an integrator is handed with a
 * PDF of its "interface specification" — so that the worked example (adapter.ts) and its test
 * have something real to talk to. It is deliberately unlike ihkit's contract:
 *
 * - one POST per transaction code (交易码): `POST /his/{jym}` with a JSON body;
 * - every answer is HTTP 200 with `{ jgdm, jgxx, sj }` (result code, message, data); `jgdm`
 *   "0000" is success, anything else is the vendor's own error code (see ERRORS);
 * - pinyin field names (ksdm 科室代码, ysxm 医生姓名, jzrq 就诊日期 …);
 * - money in fen (分), dates as YYYYMMDD or YYYY-MM-DD, times as local HH:mm without an offset;
 * - no idempotency keys: a registration carries the caller's transaction serial number
 *   (jylsh, at most 32 letters and digits), and the same serial answers the first result.
 *
 * It is in-memory and single-threaded, so a registration's check-and-take is atomic, as a real
 * HIS's stored procedure would be.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The vendor's result codes (结果代码). */
export const ERRORS = {
  OK: '0000',
  NO_SUCH_SCHEDULE: '1001', // 号源不存在
  FULL: '1002', // 号源已满
  SAME_DOCTOR_SAME_DAY: '1003', // 同一医生同一天已有挂号
  SERIAL_REUSED: '1004', // 交易流水号已使用
  ALREADY_STARTED: '1005', // 号源时间已过
  NOT_BOOKED: '1006', // 挂号已退或已就诊，不能改约
  NO_RECORD: '2001', // 记录不存在
  BAD_REQUEST: '3001', // 参数错误
  SYSTEM: '9999', // 系统错误
} as const;

export interface Ks { ksdm: string; ksmc: string; ksms: string }
export interface Ys {
  ysdm: string; ysxm: string; ksdm: string; zc: '主任医师' | '副主任医师' | '主治医师' | '住院医师'; sc: string; ghf: number;
  /** 执业证书编码, 执业类别 (临床 中医 口腔 公卫), 执业范围 */
  zyzsbm?: string; zylb?: string; zyfw?: string;
  /** 互联网诊疗权限: 开始日期, 结束日期 (YYYYMMDD; no end: until withdrawn) */
  hlwzl?: { ksrq: string; jsrq?: string };
}
/** 药剂人员: a pharmacist, with their 药师资格 (qualification to review prescriptions). */
export interface Yjs { rydm: string; xm: string; zc: string; zyzsbm?: string; yszg?: { ksrq: string; jsrq?: string } }
export interface Hy { hydm: string; ysdm: string; ksdm: string; jzrq: string; kssj: string; jssj: string; zhs: number; syhs: number; ghf: number }
export interface Gh {
  ghdm: string; ghxh: string; hydm: string; brid: string; ysdm: string; ksdm: string;
  jzrq: string; kssj: string; jssj: string; ghf: number;
  /** 0 已挂号, 1 已退号, 2 已就诊, 3 爽约 */
  zt: '0' | '1' | '2' | '3';
  ghsj: string; thsj?: string; jylsh: string;
}
export interface Br { brid: string; xm: string; xb: '1' | '2'; csrq: string; sfzh: string; jzkh: string; sjhm: string }
/** 就诊类型 jzlx: mz 门诊, zy 住院, hlw 互联网, tj 体检; absent on records migrated from an older system. */
export interface Jz { jzdm: string; brid: string; ksdm: string; ysdm: string; jzrq: string; jzlx?: 'mz' | 'zy' | 'hlw' | 'tj'; zd: { icd: string; mc: string }[] }
export interface Yp {
  ypdm: string; ypmc: string; ywmc: string; gg: string; jx: string; tj: string; bzsl: number; bzdw: string; dj: number; kc: number;
  /** 管制类别: 0 普通, 1 麻醉, 2 一类精神, 3 二类精神, 4 医疗用毒性, 5 放射性, 6 易制毒; '' 未维护 (not yet recorded) */
  gzlb: string;
  jldw: string; dwjl: number; cryl?: { zx: number; zd: number; rzd: number }; gmz: string[]; yl: string[]; cf: string; pym: string;
}
export interface Xh { a: string; b: string; jb: 'yz' | 'zd'; sm: string }
export interface Gm { brid: string; gmz: string; gmmc: string; fy: string }

export interface VendorHisData { ks: Ks[]; ys: Ys[]; yjs: Yjs[]; hy: Hy[]; br: Br[]; jz: Jz[]; yp: Yp[]; xh: Xh[]; gm: Gm[] }

export interface VendorHis {
  url: string;
  data: VendorHisData;
  /** Registrations made, by ghdm. */
  gh: Map<string, Gh>;
  /** Transaction codes called, in order (for tests). */
  calls: string[];
  close(): Promise<void>;
}

const pad = (n: number) => String(n).padStart(2, '0');
/** Local wall-clock "now" in Asia/Shanghai as the vendor writes it (YYYY-MM-DD HH:mm:ss). */
function beijing(at: Date): string {
  const t = new Date(at.getTime() + 8 * 3600_000);
  return `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())} ${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}:${pad(t.getUTCSeconds())}`;
}

class Refusal extends Error {
  constructor(readonly jgdm: string, message: string) {
    super(message);
  }
}

/** The transactions, by code. Each takes the request body and answers `sj`. */
function transactions(data: VendorHisData, gh: Map<string, Gh>, now: () => Date): Record<string, (q: Record<string, unknown>) => unknown> {
  const bySerial = new Map<string, Gh>();
  const text = (q: Record<string, unknown>, key: string) => {
    const v = q[key];
    if (typeof v !== 'string' || v === '') throw new Refusal(ERRORS.BAD_REQUEST, `缺少参数 ${key}`);
    return v;
  };
  let nextGh = 1;
  const numbers = new Map<string, number>();
  return {
    ks: () => data.ks,
    ys: (q) => data.ys.filter((y) => !q.ksdm || y.ksdm === q.ksdm),
    pb: (q) => {
      const ksrq = text(q, 'ksrq');
      const jsrq = text(q, 'jsrq');
      return data.hy.filter((h) => h.jzrq >= ksrq && h.jzrq <= jsrq && (!q.ysdm || h.ysdm === q.ysdm) && (!q.ksdm || h.ksdm === q.ksdm));
    },
    hy: (q) => {
      const h = data.hy.find((x) => x.hydm === q.hydm);
      if (!h) throw new Refusal(ERRORS.NO_SUCH_SCHEDULE, '号源不存在');
      return h;
    },
    gh: (q) => {
      const jylsh = text(q, 'jylsh');
      if (!/^[A-Za-z0-9]{1,32}$/.test(jylsh)) throw new Refusal(ERRORS.BAD_REQUEST, '交易流水号须为 1–32 位字母数字');
      const hydm = text(q, 'hydm');
      const brid = text(q, 'brid');
      const first = bySerial.get(jylsh);
      if (first) {
        if (first.hydm !== hydm || first.brid !== brid) throw new Refusal(ERRORS.SERIAL_REUSED, '交易流水号已使用');
        return first;
      }
      const h = data.hy.find((x) => x.hydm === hydm);
      if (!h) throw new Refusal(ERRORS.NO_SUCH_SCHEDULE, '号源不存在');
      if (!data.br.some((b) => b.brid === brid)) throw new Refusal(ERRORS.NO_RECORD, '病人不存在');
      if (`${h.jzrq} ${h.kssj}:00` <= beijing(now())) throw new Refusal(ERRORS.ALREADY_STARTED, '号源时间已过');
      if ([...gh.values()].some((g) => g.brid === brid && g.ysdm === h.ysdm && g.jzrq === h.jzrq && g.zt === '0')) {
        throw new Refusal(ERRORS.SAME_DOCTOR_SAME_DAY, '该病人当日已挂该医生号');
      }
      if (h.syhs <= 0) throw new Refusal(ERRORS.FULL, '号源已满');
      h.syhs -= 1;
      const seq = (numbers.get(h.jzrq) ?? 0) + 1;
      numbers.set(h.jzrq, seq);
      const g: Gh = {
        ghdm: `GH${String(nextGh++).padStart(8, '0')}`, ghxh: `${h.jzrq.replaceAll('-', '')}${String(seq).padStart(4, '0')}`,
        hydm, brid, ysdm: h.ysdm, ksdm: h.ksdm, jzrq: h.jzrq, kssj: h.kssj, jssj: h.jssj, ghf: h.ghf, zt: '0', ghsj: beijing(now()), jylsh,
      };
      gh.set(g.ghdm, g);
      bySerial.set(jylsh, g);
      return g;
    },
    // 改约: the registration moves to another schedule in one step (the new place taken, the old one given back).
    gq: (q) => {
      const g = gh.get(text(q, 'ghdm'));
      if (!g) throw new Refusal(ERRORS.NO_RECORD, '挂号记录不存在');
      const hydm = text(q, 'hydm');
      if (g.hydm === hydm) return g;
      if (g.zt !== '0') throw new Refusal(ERRORS.NOT_BOOKED, '挂号已退或已就诊');
      const h = data.hy.find((x) => x.hydm === hydm);
      if (!h) throw new Refusal(ERRORS.NO_SUCH_SCHEDULE, '号源不存在');
      if (`${h.jzrq} ${h.kssj}:00` <= beijing(now())) throw new Refusal(ERRORS.ALREADY_STARTED, '号源时间已过');
      if ([...gh.values()].some((o) => o !== g && o.brid === g.brid && o.ysdm === h.ysdm && o.jzrq === h.jzrq && o.zt === '0')) {
        throw new Refusal(ERRORS.SAME_DOCTOR_SAME_DAY, '该病人当日已挂该医生号');
      }
      if (h.syhs <= 0) throw new Refusal(ERRORS.FULL, '号源已满');
      h.syhs -= 1;
      const old = data.hy.find((x) => x.hydm === g.hydm);
      if (old) old.syhs += 1;
      Object.assign(g, { hydm, ysdm: h.ysdm, ksdm: h.ksdm, jzrq: h.jzrq, kssj: h.kssj, jssj: h.jssj, ghf: h.ghf });
      return g;
    },
    th: (q) => {
      const g = gh.get(text(q, 'ghdm'));
      if (!g) throw new Refusal(ERRORS.NO_RECORD, '挂号记录不存在');
      if (g.zt === '0') {
        g.zt = '1';
        g.thsj = beijing(now());
        const h = data.hy.find((x) => x.hydm === g.hydm);
        if (h) h.syhs += 1;
      }
      return g;
    },
    ghcx: (q) => {
      if (typeof q.ghdm === 'string') {
        const g = gh.get(q.ghdm);
        if (!g) throw new Refusal(ERRORS.NO_RECORD, '挂号记录不存在');
        return [g];
      }
      const brids = q.brids;
      if (!Array.isArray(brids)) throw new Refusal(ERRORS.BAD_REQUEST, '缺少参数 brids');
      return [...gh.values()].filter((g) => brids.includes(g.brid) && (!q.zt || g.zt === q.zt));
    },
    br: (q) => {
      const b = data.br.find((x) => (q.brid && x.brid === q.brid) || (q.sfzh && x.sfzh === q.sfzh) || (q.jzkh && x.jzkh === q.jzkh));
      if (!b) throw new Refusal(ERRORS.NO_RECORD, '病人不存在');
      return b;
    },
    jz: (q) => data.jz.filter((j) => j.brid === text(q, 'brid')),
    yp: (q) => {
      const gjz = text(q, 'gjz').toLowerCase();
      const ts = typeof q.ts === 'number' ? q.ts : 20;
      return data.yp.filter((y) => [y.ypmc, y.ywmc, y.cf, y.pym].some((s) => s.toLowerCase().includes(gjz))).slice(0, ts);
    },
    ypxq: (q) => {
      const ids = q.ypdms;
      if (!Array.isArray(ids)) throw new Refusal(ERRORS.BAD_REQUEST, '缺少参数 ypdms');
      return data.yp.filter((y) => ids.includes(y.ypdm));
    },
    xhzy: (q) => {
      const codes = q.dm;
      if (!Array.isArray(codes)) throw new Refusal(ERRORS.BAD_REQUEST, '缺少参数 dm');
      return data.xh.filter((x) => codes.includes(x.a) && codes.includes(x.b));
    },
    gm: (q) => data.gm.filter((g) => g.brid === text(q, 'brid')),
    // 人员资质: a doctor's licence and internet-practice permission, or a pharmacist's qualification.
    ryzz: (q) => {
      const rydm = text(q, 'rydm');
      const y = data.ys.find((x) => x.ysdm === rydm);
      if (y) return { rylb: 'ys', rydm, xm: y.ysxm, zc: y.zc, ksdm: y.ksdm, zyzsbm: y.zyzsbm, zylb: y.zylb, zyfw: y.zyfw, qx: y.hlwzl };
      const p = data.yjs.find((x) => x.rydm === rydm);
      if (p) return { rylb: 'yjs', rydm, xm: p.xm, zc: p.zc, zyzsbm: p.zyzsbm, zylb: '药学', qx: p.yszg };
      throw new Refusal(ERRORS.NO_RECORD, '人员不存在');
    },
  };
}

/** Starts the stand-in on a free loopback port. */
export async function startVendorHis(data: VendorHisData, options: { now?: () => Date } = {}): Promise<VendorHis> {
  const gh = new Map<string, Gh>();
  const calls: string[] = [];
  const handlers = transactions(data, gh, options.now ?? (() => new Date()));
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const jym = /^\/his\/([a-z]+)$/.exec(req.url ?? '')?.[1];
      const answer = (jgdm: string, jgxx: string, sj?: unknown) => {
        res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
        res.end(JSON.stringify({ jgdm, jgxx, sj: sj ?? null }));
      };
      const handler = jym && Object.hasOwn(handlers, jym) ? handlers[jym] : undefined;
      if (req.method !== 'POST' || !handler) return answer(ERRORS.BAD_REQUEST, '无此交易');
      calls.push(jym!);
      try {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
        answer(ERRORS.OK, '成功', handler(body));
      } catch (e) {
        if (e instanceof Refusal) answer(e.jgdm, e.message);
        else answer(ERRORS.SYSTEM, '系统错误');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    data, gh, calls,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
