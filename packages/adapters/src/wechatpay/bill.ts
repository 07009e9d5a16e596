/**
 * WeChat Pay's trade bill (交易账单, bill_type ALL), as documented: UTF-8 (a BOM may lead), a
 * header line, one line per payment (交易状态 SUCCESS) or refund (REFUND), then a summary
 * header (总交易单数,…) and its line. Fields are separated by commas and each detail field is
 * prefixed with a backtick (so that spreadsheets keep long numbers). Columns are found by their
 * header names, whose order WeChat Pay does not promise. Amounts are yuan; times Beijing time.
 */
import type { BillLine } from '../payment.js';
import { fromBeijingDateTime } from '../payments/beijing-time.js';
import { yuanToFen } from '../payments/yuan.js';

const COLUMNS = {
  time: '交易时间',
  transactionId: '微信订单号',
  orderId: '商户订单号',
  status: '交易状态',
  currency: '货币种类',
  total: '订单金额',
  refundRef: '微信退款单号',
  refundId: '商户退款单号',
  refundAmount: '申请退款金额',
} as const;

const field = (cell: string | undefined) => (cell ?? '').replace(/^`/, '').trim();

export function parseWechatTradeBill(text: string): BillLine[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/).filter((l) => l.trim() !== '');
  const header = lines[0]?.split(',').map((h) => h.trim());
  if (!header?.includes(COLUMNS.orderId)) throw new Error('not a WeChat Pay trade bill: no 商户订单号 column');
  const at = Object.fromEntries(Object.entries(COLUMNS).map(([k, name]) => [k, header.indexOf(name)])) as Record<keyof typeof COLUMNS, number>;
  const missing = Object.entries(at).filter(([, i]) => i < 0).map(([k]) => COLUMNS[k as keyof typeof COLUMNS]);
  if (missing.length) throw new Error(`the WeChat Pay bill has no ${missing.join(', ')} column`);
  const out: BillLine[] = [];
  for (const line of lines.slice(1)) {
    if (line.startsWith('总交易单数')) break; // the summary follows
    const cells = line.split(',');
    const get = (k: keyof typeof COLUMNS) => field(cells[at[k]]);
    const status = get('status');
    const currency = get('currency') || 'CNY';
    const when = fromBeijingDateTime(get('time')).toISOString();
    if (status === 'REFUND') {
      out.push({ kind: 'refund', orderId: get('orderId'), refundId: get('refundId'), providerRef: get('refundRef'), amount: { amount: Math.abs(yuanToFen(get('refundAmount'))), currency }, at: when });
    } else if (status === 'SUCCESS') {
      out.push({ kind: 'payment', orderId: get('orderId'), providerRef: get('transactionId'), amount: { amount: yuanToFen(get('total')), currency }, at: when });
    }
  }
  return out;
}
