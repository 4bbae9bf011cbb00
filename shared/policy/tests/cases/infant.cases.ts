import { continuousAdult, request, type PolicyCase } from './types';

// Pilot §三（三）1: "0-3周岁婴幼儿父母一方连续在肥参加职工医保（生育保险）的，免征其居民基本医保费". D5: under 3 on Jan 1 of
// the benefit year (or born in it).
const infant = { rule: 'infant-waiver', payer: 'maternity-fund', fen: 40000 };
const child = (birthDate: string, parentInEmployeeInsurance = true) => ({ ...continuousAdult(2026), birthDate, parentInEmployeeInsurance });

export const infantCases: PolicyCase[] = [
  {
    name: 'A child born on 2023-01-02 is still 2 on 2026-01-01; with a parent in employee insurance it pays nothing for 2026',
    request: request(2026, '2025-11-01', child('2023-01-02')),
    expect: { dueFen: 0, reductions: [infant] },
  },
  {
    name: 'A child born on 2023-01-01 turns 3 on 2026-01-01 and pays the full 2026 standard',
    request: request(2026, '2025-11-01', child('2023-01-01')),
    expect: { dueFen: 40000, reductions: [] },
  },
  {
    name: 'A child under 3 whose parents are not in employee insurance pays the full standard',
    request: request(2026, '2025-11-01', child('2024-05-01', false)),
    expect: { dueFen: 40000, reductions: [] },
  },
  {
    name: 'The infant waiver applies to a payment on 2025-10-01, the day the measure starts',
    request: request(2026, '2025-10-01', child('2024-05-01')),
    expect: { dueFen: 0, reductions: [infant], paymentWindow: 'before-period', benefitStart: '2026-01-01' },
  },
  {
    name: 'The infant waiver does not apply to a payment on 2025-09-30, the day before the measure starts',
    request: request(2026, '2025-09-30', child('2024-05-01')),
    expect: { dueFen: 40000, reductions: [] },
  },
  {
    name: 'A newborn whose parent is in employee insurance is waived once, not twice: half (newborn) loses to the full waiver (D6)',
    request: request(2026, '2026-03-10', { birthDate: '2026-03-01', parentInEmployeeInsurance: true }),
    expect: { dueFen: 0, reductions: [infant], notApplied: [{ rule: 'newborn-half', fen: 20000 }], benefitStart: '2026-03-01' },
  },
];
