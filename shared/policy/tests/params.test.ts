/**
 * The parameter tables: the shipped ones load and every value names its source; a broken table stops loading
 * with a message that says which file, where, and what is wrong. One broken fixture per failure mode lives in
 * fixtures/params/<table>--<failure>.json; it replaces the table named before the "--".
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadParams, PARAM_NAMES, params, ParamsError, RAW_PARAMS } from '../index';
import { addDays, isCalendarDate } from '../dates';
import { datedValue, yearlyValue } from '../params/lookup';
import type { DatedEntry, YearlyEntry } from '../params/schema';

const FIXTURES = join(__dirname, 'fixtures', 'params');

/** Each failure mode and the message line it must produce. */
const FAILURE_MESSAGES: Record<string, string> = {
  'credit--from-not-a-date': 'credit › values[0].from：“2025-02-30” 不是有效的日历日期（YYYY-MM-DD）',
  'credit--checked-not-a-date': 'credit › values[0].checked：“2026-11-31” 不是有效的日历日期（YYYY-MM-DD）',
  'credit--missing-source': 'credit › values[0].source：缺少来源 source（文件 document 与条款 clause）',
  'credit--empty-clause': 'credit › values[0].source.clause：不能为空',
  'credit--misspelt-key': 'credit › values[0]：不支持的字段 “valeu”',
  'credit--interpretation-not-boolean': 'credit › values[0].interpretation：interpretation 应为 true 或 false（是否为我们的理解）',
  'credit--interpretation-without-note': 'credit › values[0].note：interpretation 为 true 时必须写 note，说明我们如何理解原文',
  'credit--no-values': 'credit › values：values 至少要有一条',
  'credit--values-out-of-order': 'credit › values[1]：起始（2024-06-01）必须晚于上一条的起始（2025-01-01），按时间先后排列且不能重复',
  'credit--missing-description': 'credit › description：缺少此项',
  'standard-resident--duplicate-year': 'standard-resident › values[1]：起始（2025）必须晚于上一条的起始（2025），按时间先后排列且不能重复',
  'standard-resident--negative-fen': 'standard-resident › values[0].value：金额（分）不能小于 0',
  'standard-resident--fractional-fen': 'standard-resident › values[0].value：金额（分）应为整数',
  'standard-resident--year-as-text': 'standard-resident › values[0].benefitYear：年度应为整数',
  'medical-aid-share--percent-over-100': 'medical-aid-share › values[0].value.tekun：百分比不能大于 100',
  'medical-aid-share--missing-category': 'medical-aid-share › values[0].value.dibao-edge：缺少此项',
  'medical-aid-share--unknown-category': 'medical-aid-share › values[0].value：不支持的字段 “xiaokang”',
  'concentrated-period--start-after-end': 'concentrated-period › values[1].value.end：起始日 start 不能晚于结束日 end',
  'refund--unknown-reason': 'refund › values[0].value.anyTimeReasons[0]：未知的退费原因 “lost-interest”',
};

function loadWith(table: string, content: unknown): () => unknown {
  return () => loadParams({ ...RAW_PARAMS, [table]: content });
}

describe('the shipped parameter tables', () => {
  test('load without a problem, one table per parameter', () => {
    expect(Object.keys(params).sort()).toEqual([...PARAM_NAMES].sort());
  });

  const everyValue = PARAM_NAMES.flatMap((name) =>
    params[name].values.map((entry, index) => [`${name} values[${index}]`, entry] as const),
  );

  test.each(everyValue)('%s has a source document and clause, a checked date and an interpretation flag', (_where, entry) => {
    expect(entry.source.document.trim()).not.toBe('');
    expect(entry.source.clause.trim()).not.toBe('');
    expect(isCalendarDate(entry.checked)).toBe(true);
    expect(typeof entry.interpretation).toBe('boolean');
    if (entry.interpretation) expect(entry.note?.trim()).toBeTruthy();
  });

  // Every effective date, the day before and the day it starts: the rules look values up through these helpers.
  const datedStarts = PARAM_NAMES.flatMap((name) =>
    params[name].values.flatMap((entry, index) => ('from' in entry ? [[name, entry.from, index] as const] : [])),
  );
  test.each(datedStarts)('%s: the value starting %s is in force that day and not the day before', (name, from, index) => {
    const values = params[name].values as unknown as DatedEntry<unknown>[];
    expect(datedValue(values, from)).toBe(values[index].value);
    expect(datedValue(values, addDays(from, -1))).toBe(index === 0 ? undefined : values[index - 1].value);
  });

  const yearlyStarts = PARAM_NAMES.flatMap((name) =>
    params[name].values.flatMap((entry, index) => ('benefitYear' in entry ? [[name, entry.benefitYear, index] as const] : [])),
  );
  test.each(yearlyStarts)('%s: the value for benefit year %s is its own, not provisional', (name, benefitYear, index) => {
    const values = params[name].values as unknown as YearlyEntry<unknown>[];
    expect(yearlyValue(values, benefitYear)).toMatchObject({ value: values[index].value, provisional: false });
    if (index === 0) expect(yearlyValue(values, benefitYear - 1)).toBeUndefined();
  });

  test('values quoted from the pilot plan appear in it word for word', () => {
    const pilot = readFileSync(join(__dirname, '..', 'sources', 'hefei-pilot-plan.txt'), 'utf8');
    for (const name of PARAM_NAMES) {
      for (const entry of params[name].values) {
        if (entry.source.quote !== undefined && entry.source.document.includes('试点实施方案')) expect(pilot).toContain(entry.source.quote);
      }
    }
  });
});

describe('a broken parameter table stops loading with a precise message', () => {
  const fixtures = readdirSync(FIXTURES).filter((file) => file.endsWith('.json')).map((file) => file.replace(/\.json$/, ''));

  test('every fixture has its expected message, and every expected message its fixture', () => {
    expect(fixtures.sort()).toEqual(Object.keys(FAILURE_MESSAGES).sort());
  });

  test.each(Object.entries(FAILURE_MESSAGES))('%s', (fixture, message) => {
    const table = fixture.split('--')[0];
    const content = JSON.parse(readFileSync(join(FIXTURES, `${fixture}.json`), 'utf8'));
    expect(loadWith(table, content)).toThrow(ParamsError);
    expect(loadWith(table, content)).toThrow(message);
  });

  test('a missing table is named', () => {
    const { credit: _missing, ...rest } = RAW_PARAMS;
    expect(() => loadParams(rest)).toThrow('credit › （文件）：缺少参数表 params/credit.json');
  });

  test('a table the rules do not know is refused, so a misspelt file name cannot go unnoticed', () => {
    expect(() => loadParams({ ...RAW_PARAMS, 'standard-residnet': RAW_PARAMS['standard-resident'] })).toThrow(
      'standard-residnet › （文件）：不认识的参数表，规则不会读取它',
    );
  });

  test('all problems are listed at once, one line each', () => {
    try {
      loadParams({ ...RAW_PARAMS, credit: null, targets: { description: 'x', unit: 'x', values: [] } });
      throw new Error('loadParams accepted broken tables');
    } catch (error) {
      expect((error as ParamsError).problems).toHaveLength(2);
    }
  });
});
