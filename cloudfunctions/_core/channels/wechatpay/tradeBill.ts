/**
 * The trade bill (交易账单) WeChat Pay serves for a day: a CSV-like text whose header line names the
 * columns in Chinese, whose every data field starts with a backquote (so spreadsheet programs keep long
 * numbers as text), and whose last two lines are a summary header and a backquoted summary row.
 * Amounts are yuan with two decimals (the fee with five); we turn them into integer fen (milli-fen for
 * the fee) without ever going through a float.
 *
 * The column table below is shared by the parser and by the simulator's writer, so the two cannot drift.
 */

type ColumnKind = 'text' | 'fen' | 'milliFen';

/** The columns of the ALL bill, in WeChat's order. */
export const TRADE_BILL_COLUMNS = [
  ['交易时间', 'tradeTime', 'text'],
  ['公众账号ID', 'appid', 'text'],
  ['商户号', 'mchid', 'text'],
  ['特约商户号', 'subMchid', 'text'],
  ['设备号', 'deviceInfo', 'text'],
  ['微信订单号', 'transactionId', 'text'],
  ['商户订单号', 'outTradeNo', 'text'],
  ['用户标识', 'openid', 'text'],
  ['交易类型', 'tradeType', 'text'],
  ['交易状态', 'tradeState', 'text'],
  ['付款银行', 'bankType', 'text'],
  ['货币种类', 'currency', 'text'],
  ['应结订单金额', 'settlementTotalFen', 'fen'],
  ['代金券金额', 'couponFen', 'fen'],
  ['微信退款单号', 'refundId', 'text'],
  ['商户退款单号', 'outRefundNo', 'text'],
  ['退款金额', 'refundFen', 'fen'],
  ['充值券退款金额', 'couponRefundFen', 'fen'],
  ['退款类型', 'refundType', 'text'],
  ['退款状态', 'refundStatus', 'text'],
  ['商品名称', 'description', 'text'],
  ['商户数据包', 'attach', 'text'],
  ['手续费', 'feeMilliFen', 'milliFen'],
  ['费率', 'feeRate', 'text'],
  ['订单金额', 'orderTotalFen', 'fen'],
  ['申请退款金额', 'requestedRefundFen', 'fen'],
  ['费率备注', 'feeRemark', 'text'],
] as const satisfies ReadonlyArray<readonly [string, string, ColumnKind]>;

export const TRADE_BILL_SUMMARY_COLUMNS = [
  ['总交易单数', 'rowCount', 'count'],
  ['应结订单总金额', 'settlementTotalFen', 'fen'],
  ['退款总金额', 'refundTotalFen', 'fen'],
  ['充值券退款总金额', 'couponRefundTotalFen', 'fen'],
  ['手续费总金额', 'feeTotalMilliFen', 'milliFen'],
  ['订单总金额', 'orderTotalFen', 'fen'],
  ['申请退款总金额', 'requestedRefundTotalFen', 'fen'],
] as const;

type RowColumn = (typeof TRADE_BILL_COLUMNS)[number];
type SummaryColumn = (typeof TRADE_BILL_SUMMARY_COLUMNS)[number];

/** One bill row; text columns are strings, money columns integer fen (the fee in thousandths of a fen). */
export type TradeBillRow = { [C in RowColumn as C[1]]: C[2] extends 'text' ? string : number };
export type TradeBillSummary = { [C in SummaryColumn as C[1]]: number };

export interface TradeBill {
  rows: TradeBillRow[];
  summary: TradeBillSummary;
}

export type TradeBillParseResult = { ok: true; bill: TradeBill } | { ok: false; reason: string };

/** `12.34` → 1234; `-0.5` → -50. Exact decimal arithmetic on the digits. */
export function yuanTextToFen(text: string): number | null {
  const match = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(text.trim());
  if (!match) return null;
  const fen = Number(match[2]) * 100 + Number((match[3] ?? '').padEnd(2, '0'));
  return match[1] === '-' ? -fen : fen;
}

/** The fee has five decimals of a yuan, i.e. thousandths of a fen: `0.01200` → 1200. */
export function yuanTextToMilliFen(text: string): number | null {
  const match = /^(-?)(\d+)(?:\.(\d{1,5}))?$/.exec(text.trim());
  if (!match) return null;
  const milliFen = Number(match[2]) * 100_000 + Number((match[3] ?? '').padEnd(5, '0'));
  return match[1] === '-' ? -milliFen : milliFen;
}

export function fenToYuanText(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

export function milliFenToYuanText(milliFen: number): string {
  const sign = milliFen < 0 ? '-' : '';
  const abs = Math.abs(milliFen);
  return `${sign}${Math.floor(abs / 100_000)}.${String(abs % 100_000).padStart(5, '0')}`;
}

/** Data fields are `` `value `` joined by commas; splitting on ",`" keeps commas inside a value intact. */
const splitBackquoted = (line: string): string[] | null =>
  line.startsWith('`') ? line.slice(1).split(',`') : null;

function convert(kind: ColumnKind | 'count', raw: string): number | string | null {
  switch (kind) {
    case 'text':
      return raw;
    case 'fen':
      return raw.trim() === '' ? 0 : yuanTextToFen(raw);
    case 'milliFen':
      return raw.trim() === '' ? 0 : yuanTextToMilliFen(raw);
    case 'count':
      return /^\d+$/.test(raw.trim()) ? Number(raw.trim()) : null;
  }
}

function readRecord<T>(
  columns: ReadonlyArray<readonly [string, string, ColumnKind | 'count']>,
  header: string[],
  fields: string[],
  where: string,
): { ok: true; record: T } | { ok: false; reason: string } {
  if (fields.length !== header.length) {
    return { ok: false, reason: `${where}: ${fields.length} fields where the header has ${header.length}` };
  }
  const record: Record<string, string | number> = {};
  for (const [title, key, kind] of columns) {
    const index = header.indexOf(title);
    // Bills of type SUCCESS or REFUND carry fewer columns; what is absent reads as empty.
    const raw = index === -1 ? '' : fields[index];
    const value = convert(kind, raw);
    if (value === null) return { ok: false, reason: `${where}: column ${title} has ${JSON.stringify(raw)}` };
    record[key] = value;
  }
  return { ok: true, record: record as T };
}

export function parseTradeBill(text: string): TradeBillParseResult {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/).filter((line) => line.trim() !== '');
  if (lines.length < 3) return { ok: false, reason: 'a bill has a header, a summary header and a summary row at least' };
  const header = lines[0].split(',');
  if (!header.includes('交易时间') || !header.includes('商户订单号')) return { ok: false, reason: 'first line is not a trade bill header' };

  const rows: TradeBillRow[] = [];
  let index = 1;
  for (; index < lines.length; index += 1) {
    const fields = splitBackquoted(lines[index]);
    if (!fields) break;
    const read = readRecord<TradeBillRow>(TRADE_BILL_COLUMNS, header, fields, `line ${index + 1}`);
    if (!read.ok) return read;
    rows.push(read.record);
  }
  if (index !== lines.length - 2) return { ok: false, reason: 'summary header and summary row must close the bill' };
  const summaryHeader = lines[index].split(',');
  const summaryFields = splitBackquoted(lines[index + 1]);
  if (!summaryFields) return { ok: false, reason: 'summary row is not backquoted' };
  const summary = readRecord<TradeBillSummary>(TRADE_BILL_SUMMARY_COLUMNS, summaryHeader, summaryFields, 'summary');
  if (!summary.ok) return summary;
  if (summary.record.rowCount !== rows.length) {
    return { ok: false, reason: `summary counts ${summary.record.rowCount} rows, the bill has ${rows.length}` };
  }
  return { ok: true, bill: { rows, summary: summary.record } };
}

const backquoteLine = (values: ReadonlyArray<string>): string => values.map((value) => `\`${value}`).join(',');

/** Writes a bill in WeChat's layout; the simulator serves what this returns. */
export function formatTradeBill(rows: ReadonlyArray<TradeBillRow>): string {
  const lines = [TRADE_BILL_COLUMNS.map(([title]) => title).join(',')];
  for (const row of rows) {
    lines.push(
      backquoteLine(
        TRADE_BILL_COLUMNS.map(([, key, kind]) => {
          const value = row[key];
          if (kind === 'fen') return fenToYuanText(value as number);
          if (kind === 'milliFen') return milliFenToYuanText(value as number);
          return String(value);
        }),
      ),
    );
  }
  const sum = (pick: (row: TradeBillRow) => number) => rows.reduce((total, row) => total + pick(row), 0);
  lines.push(TRADE_BILL_SUMMARY_COLUMNS.map(([title]) => title).join(','));
  lines.push(
    backquoteLine([
      String(rows.length),
      fenToYuanText(sum((row) => row.settlementTotalFen)),
      fenToYuanText(sum((row) => row.refundFen)),
      fenToYuanText(sum((row) => row.couponRefundFen)),
      milliFenToYuanText(sum((row) => row.feeMilliFen)),
      fenToYuanText(sum((row) => row.orderTotalFen)),
      fenToYuanText(sum((row) => row.requestedRefundFen)),
    ]),
  );
  return `${lines.join('\r\n')}\r\n`;
}
