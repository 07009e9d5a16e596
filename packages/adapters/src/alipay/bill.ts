/**
 * Alipay's trade bill (bill_type trade, 业务明细), as documented: a zip holding GBK-encoded CSV
 * files — the details (…_业务明细.csv) and their summary (…_业务明细(汇总).csv). The details
 * open with `#` lines (account, period), then a header line, one line per trade (业务类型 交易)
 * or refund (退款, negative amounts, with the refund's out_request_no in 退款批次号/请求号), and
 * close with `#` lines of totals. Cells may carry trailing tabs. Columns are found by their
 * header names. Amounts are yuan; times Beijing time.
 */
import { unzipSync } from 'fflate';
import type { BillLine } from '../payment.js';
import { fromBeijingDateTime } from '../payments/beijing-time.js';
import { yuanToFen } from '../payments/yuan.js';

const COLUMNS = {
  tradeNo: '支付宝交易号',
  orderId: '商户订单号',
  type: '业务类型',
  finished: '完成时间',
  total: '订单金额（元）',
  refundId: '退款批次号/请求号',
} as const;

/** The bill's zip, as downloaded from bill_download_url. */
export function parseAlipayTradeBill(zip: Uint8Array): BillLine[] {
  const gbk = new TextDecoder('gbk');
  // Entry names are GBK too, without the zip's UTF-8 flag: the details are found by their header.
  const texts = Object.values(unzipSync(zip)).map((bytes) => gbk.decode(bytes));
  const details = texts.find((t) => t.split(/\r?\n/).some((l) => l.startsWith(COLUMNS.tradeNo) && l.includes(COLUMNS.type)));
  if (details === undefined) throw new Error('the Alipay bill holds no 业务明细 with a 支付宝交易号 header');
  return parseAlipayDetails(details);
}

/** The details file's text (decoded). */
export function parseAlipayDetails(text: string): BillLine[] {
  const lines = text.split(/\r?\n/);
  const start = lines.findIndex((l) => l.startsWith(COLUMNS.tradeNo));
  const header = (lines[start] ?? '').split(',').map((h) => h.trim());
  const at = Object.fromEntries(Object.entries(COLUMNS).map(([k, name]) => [k, header.indexOf(name)])) as Record<keyof typeof COLUMNS, number>;
  const missing = Object.entries(at).filter(([, i]) => i < 0).map(([k]) => COLUMNS[k as keyof typeof COLUMNS]);
  if (start < 0 || missing.length) throw new Error(`the Alipay bill has no ${missing.join(', ') || 'header'} column`);
  const out: BillLine[] = [];
  for (const line of lines.slice(start + 1)) {
    if (!line.trim() || line.startsWith('#')) continue;
    const cells = line.split(',');
    const get = (k: keyof typeof COLUMNS) => (cells[at[k]] ?? '').trim();
    const base = { orderId: get('orderId'), providerRef: get('tradeNo'), at: fromBeijingDateTime(get('finished')).toISOString() };
    const amount = { amount: Math.abs(yuanToFen(get('total'))), currency: 'CNY' };
    if (get('type') === '交易') out.push({ kind: 'payment', ...base, amount });
    else if (get('type') === '退款') out.push({ kind: 'refund', ...base, refundId: get('refundId'), amount });
  }
  return out;
}
