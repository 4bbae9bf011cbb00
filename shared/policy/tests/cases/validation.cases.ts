import { continuousAdult, failsWith, request, type PolicyCase } from './types';

// Issue 3: invalid requests answer with { error: { code, message } } (Chinese message), never a throw.
const adult = continuousAdult(2026);
const invalid = (name: string, body: unknown, messagePart: string): PolicyCase => ({
  name,
  request: body,
  expect: { error: { code: 'INVALID_INPUT', message: expect.stringContaining(messagePart) } },
});

export const validationCases: PolicyCase[] = [
  invalid('A payment date of 2025-02-30 is refused: there is no such day', request(2026, '2025-02-30', adult), 'paymentDate'),
  invalid('A birth date in month 13 is refused', request(2026, '2025-11-01', { birthDate: '1990-13-01' }), 'person.birthDate'),
  invalid('A date written with slashes is refused', request(2026, '2025/11/01', adult), '不是有效日期'),
  invalid('A date without zero padding is refused', request(2026, '2025-11-1', adult), 'paymentDate'),
  invalid('An unknown aid category is refused', request(2026, '2025-11-01', { ...adult, aidCategories: ['xiaokang'] }), '未知的医疗救助类别'),
  invalid('A negative village subsidy is refused', request(2026, '2025-11-01', { ...adult, villageSubsidy: { kind: 'fixed', fen: -100 } }), '不能为负数'),
  invalid('A village subsidy in yuan with decimals is refused', request(2026, '2025-11-01', { ...adult, villageSubsidy: { kind: 'fixed', fen: 21 / 2 } }), '整数'), // 10.5 fen: not a whole number
  invalid('An unknown village subsidy kind is refused', request(2026, '2025-11-01', { ...adult, villageSubsidy: { kind: 'half' } }), 'kind'),
  invalid('A full village subsidy with an amount is refused', request(2026, '2025-11-01', { ...adult, villageSubsidy: { kind: 'full', fen: 100 } }), '不支持的字段'),
  invalid('An unknown field in the request is refused', request(2026, '2025-11-01', adult, { discount: 100 }), '不支持的字段 “discount”'),
  invalid('An unknown field in the person is refused', request(2026, '2025-11-01', { ...adult, hukou: '合肥' }), '不支持的字段 “hukou”'),
  invalid('A benefit year given as text is refused', request('2026' as unknown as number, '2025-11-01', adult), 'benefitYear'),
  invalid('A fractional benefit year is refused', request(2026.5, '2025-11-01', adult), 'benefitYear'),
  invalid('A negative number of repaid years is refused', request(2026, '2025-11-01', adult, { repairYears: -1 }), 'repairYears'),
  invalid('Covered years that are not whole years are refused', request(2026, '2025-11-01', { ...adult, coveredYears: ['2025'] }), 'coveredYears'),
  invalid('A request without a person is refused', { benefitYear: 2026, paymentDate: '2025-11-01' }, 'person'),
  invalid('A request that is not an object is refused', 'quote me', '报价请求应为 JSON 对象'),
  invalid('A null request is refused', null, '报价请求应为 JSON 对象'),
  invalid('A student flag that is not true or false is refused', request(2026, '2025-11-01', { ...adult, student: 'yes' }), 'student'),
  {
    name: 'A year before 2025 answers YEAR_NOT_SUPPORTED with a Chinese message',
    request: request(2020, '2019-11-01', adult),
    expect: { error: { code: 'YEAR_NOT_SUPPORTED', message: expect.stringContaining('最早可查询 2025 年度') } },
  },
  { name: 'A quote with an invalid "today" is refused', request: request(2026, '2025-11-01', adult), today: '2025-02-29', expect: failsWith('INVALID_INPUT') },
  {
    name: '"today" bounds the years ahead: from 2025-11-01 a 2034 quote is too far even if the payment date is later',
    request: request(2034, '2033-11-01', continuousAdult(2034)),
    today: '2025-11-01',
    expect: failsWith('YEAR_NOT_SUPPORTED'),
  },
];
