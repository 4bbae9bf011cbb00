import fc from 'fast-check';
import {
  fenToYuanText,
  formatTradeBill,
  milliFenToYuanText,
  parseTradeBill,
  yuanTextToFen,
  yuanTextToMilliFen,
  type TradeBillRow,
} from './tradeBill';

/** A bill in WeChat's layout, typed out by hand: one payment of 400 yuan and a partial refund of 100. */
const SAMPLE = [
  '交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,货币种类,应结订单金额,代金券金额,微信退款单号,商户退款单号,退款金额,充值券退款金额,退款类型,退款状态,商品名称,商户数据包,手续费,费率,订单金额,申请退款金额,费率备注',
  '`2026-01-01 08:00:00,`wx1234567890abcdef,`1900000001,`0,`,`4200000000202601010000000001,`PAY20260101000001,`oUpF8uMuAJO_M2pxb1Q9zNjWeS6o,`JSAPI,`SUCCESS,`OTHERS,`CNY,`400.00,`0.00,`0,`0,`0.00,`0.00,`,`,`2026年度城乡居民医保,`,`2.40000,`0.60%,`400.00,`0.00,`',
  '`2026-01-01 09:00:00,`wx1234567890abcdef,`1900000001,`0,`,`4200000000202601010000000001,`PAY20260101000001,`oUpF8uMuAJO_M2pxb1Q9zNjWeS6o,`JSAPI,`REFUND,`OTHERS,`CNY,`0.00,`0.00,`50000000382026010100000000001,`RF20260101000001,`100.00,`0.00,`ORIGINAL,`SUCCESS,`2026年度城乡居民医保,`,`-0.60000,`0.60%,`0.00,`100.00,`',
  '总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额',
  '`2,`400.00,`100.00,`0.00,`1.80000,`400.00,`100.00',
].join('\r\n');

describe('trade bill', () => {
  test('a hand-written WeChat bill parses into rows with fen amounts and a summary', () => {
    const parsed = parseTradeBill(SAMPLE);
    if (!parsed.ok) throw new Error(parsed.reason);
    expect(parsed.bill.rows).toHaveLength(2);
    expect(parsed.bill.rows[0]).toMatchObject({
      tradeTime: '2026-01-01 08:00:00',
      outTradeNo: 'PAY20260101000001',
      tradeState: 'SUCCESS',
      settlementTotalFen: 40000,
      feeMilliFen: 240000,
      description: '2026年度城乡居民医保',
    });
    expect(parsed.bill.rows[1]).toMatchObject({ tradeState: 'REFUND', outRefundNo: 'RF20260101000001', refundFen: 10000, feeMilliFen: -60000 });
    expect(parsed.bill.summary).toEqual({
      rowCount: 2,
      settlementTotalFen: 40000,
      refundTotalFen: 10000,
      couponRefundTotalFen: 0,
      feeTotalMilliFen: 180000,
      orderTotalFen: 40000,
      requestedRefundTotalFen: 10000,
    });
  });

  test('formatting the parsed rows gives back the same bill', () => {
    const parsed = parseTradeBill(SAMPLE);
    if (!parsed.ok) throw new Error(parsed.reason);
    expect(formatTradeBill(parsed.bill.rows)).toBe(`${SAMPLE}\r\n`);
  });

  test('a summary that counts a different number of rows is refused', () => {
    expect(parseTradeBill(SAMPLE.replace('`2,`400.00', '`3,`400.00'))).toEqual({ ok: false, reason: 'summary counts 3 rows, the bill has 2' });
  });

  test('a money field that is not yuan with at most two decimals is refused, naming the column', () => {
    const parsed = parseTradeBill(SAMPLE.replace('`400.00,`0.00,`0,', '`400.001,`0.00,`0,'));
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.reason).toMatch(/应结订单金额/);
  });

  test('a truncated bill without its summary is refused', () => {
    expect(parseTradeBill(SAMPLE.split('\r\n').slice(0, 3).join('\r\n')).ok).toBe(false);
  });

  test('yuan text converts to fen exactly, including values a float would round wrongly', () => {
    expect(yuanTextToFen('0.01')).toBe(1);
    expect(yuanTextToFen('1.1')).toBe(110);
    expect(yuanTextToFen('4.35')).toBe(435);
    expect(yuanTextToFen('-0.50')).toBe(-50);
    expect(yuanTextToFen('1.005')).toBeNull();
    expect(yuanTextToMilliFen('0.00001')).toBe(1);
    expect(yuanTextToMilliFen('2.4')).toBe(240000);
  });

  test('fen → yuan text → fen is the identity for every safe integer amount', () => {
    fc.assert(fc.property(fc.integer({ min: -1e12, max: 1e12 }), (fen) => yuanTextToFen(fenToYuanText(fen)) === fen));
    fc.assert(fc.property(fc.integer({ min: -1e12, max: 1e12 }), (milliFen) => yuanTextToMilliFen(milliFenToYuanText(milliFen)) === milliFen));
  });

  test('a description containing a comma survives the round trip', () => {
    const parsed = parseTradeBill(SAMPLE);
    if (!parsed.ok) throw new Error(parsed.reason);
    const rows: TradeBillRow[] = parsed.bill.rows.map((row) => ({ ...row, description: '居民医保,2026年度' }));
    const again = parseTradeBill(formatTradeBill(rows));
    expect(again.ok && again.bill.rows.map((row) => row.description)).toEqual(['居民医保,2026年度', '居民医保,2026年度']);
  });
});
