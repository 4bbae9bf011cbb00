import { failsWith, request, type PolicyCase } from './types';

// Pilot §三（三）1: "自2025年10月起，新生儿出生90天内进行居民基本医保参保登记的，参保首年待遇期不满6个月的减免个人居民医保费，
// 待遇期6个月及以上的减半征收居民医保费". D4: day of birth = day 0, day 90 included, from registration date 2025-10-01;
// born on or before Jul 1 → half, Jul 2 or later → waived.
const half = { rule: 'newborn-half', payer: 'city-finance', fen: 20000 };
const waiver = { rule: 'newborn-waiver', payer: 'city-finance', fen: 40000 };

export const newbornCases: PolicyCase[] = [
  {
    name: 'A baby born on 2026-07-01 and registered within 90 days pays half: Jul 1 – Dec 31 is six months',
    request: request(2026, '2026-07-10', { birthDate: '2026-07-01' }),
    expect: { dueFen: 20000, reductions: [half], benefitStart: '2026-07-01', waitingMonths: 0, waitingExemption: 'newborn' },
  },
  {
    name: 'A baby born on 2026-07-02 and registered within 90 days pays nothing: its first year is under six months',
    request: request(2026, '2026-07-10', { birthDate: '2026-07-02' }),
    expect: { dueFen: 0, reductions: [waiver], benefitStart: '2026-07-02' },
  },
  {
    name: 'A baby born on 2026-01-01 and registered the same day (day 0) pays half and is covered from birth',
    request: request(2026, '2026-01-01', { birthDate: '2026-01-01' }),
    expect: { dueFen: 20000, benefitStart: '2026-01-01', rulesApplied: ['individual-standard', 'newborn-half', 'newborn-coverage-from-birth', 'benefit-start'] },
  },
  {
    name: 'A baby born on 2026-03-01 and registered on day 90 (2026-05-30) still counts as a newborn',
    request: request(2026, '2026-05-30', { birthDate: '2026-03-01' }),
    expect: { dueFen: 20000, benefitStart: '2026-03-01', waitingMonths: 0 },
  },
  {
    name: 'A baby born on 2026-03-01 and registered on day 91 (2026-05-31) pays the full standard and waits 3 months',
    request: request(2026, '2026-05-31', { birthDate: '2026-03-01' }),
    expect: { dueFen: 40000, reductions: [], waitingMonths: 3, benefitStart: '2026-09-01', waitingExemption: null },
  },
  {
    name: 'A baby registered on 2025-10-01, the first day of the measure, is waived and covered from birth',
    request: request(2025, '2025-10-01', { birthDate: '2025-09-15' }),
    expect: { dueFen: 0, reductions: [waiver], benefitStart: '2025-09-15' },
  },
  {
    name: 'A baby registered on 2025-09-30, the day before the measure starts, pays the full standard and waits',
    request: request(2025, '2025-09-30', { birthDate: '2025-09-15' }),
    expect: { dueFen: 40000, reductions: [], waitingMonths: 3, benefitStart: '2025-12-31' },
  },
  {
    name: 'A baby born in December 2025 may be registered in January 2026 for its first year, 2025, and is waived',
    request: request(2025, '2026-01-15', { birthDate: '2025-12-01' }),
    expect: { dueFen: 0, benefitStart: '2025-12-01', benefitEnd: '2025-12-31' },
  },
  {
    name: 'The newborn measure is for the first benefit year only: a 2025 baby quoted for 2026 pays the standard',
    request: request(2026, '2025-12-10', { birthDate: '2025-11-20', coveredYears: [2025] }),
    expect: { dueFen: 40000, reductions: [], benefitStart: '2026-01-01' },
  },
  {
    name: 'A person cannot be quoted for a year before the one they were born in',
    request: request(2026, '2027-01-10', { birthDate: '2027-01-01' }),
    expect: failsWith('INVALID_INPUT'),
  },
  {
    name: 'A birth date after the payment date is refused',
    request: request(2026, '2026-03-01', { birthDate: '2026-03-02' }),
    expect: failsWith('INVALID_INPUT'),
  },
];
