import { continuousAdult, failsWith, request, type PolicyCase } from './types';

// D1: "2025: 40000; 2026: 40000. A year with no table uses the latest known standard and is marked provisional".
export const standardCases: PolicyCase[] = [
  {
    name: 'A continuous resident paying in the 2025 period pays the 2025 standard of 400 yuan',
    request: request(2025, '2024-11-01', continuousAdult(2025)),
    expect: { standardFen: 40000, dueFen: 40000, reductions: [], provisional: false, benefitStart: '2025-01-01', benefitEnd: '2025-12-31' },
  },
  {
    name: 'A continuous resident paying in the 2026 period pays the 2026 standard of 400 yuan',
    request: request(2026, '2025-11-01', continuousAdult(2026)),
    expect: { standardFen: 40000, dueFen: 40000, provisional: false, rulesApplied: ['individual-standard', 'benefit-start'] },
  },
  {
    name: 'A quote for 2027, which has no table yet, uses the 2026 standard and is provisional',
    request: request(2027, '2026-11-01', continuousAdult(2027)),
    expect: { standardFen: 40000, dueFen: 40000, provisional: true, benefitStart: '2027-01-01' },
  },
  {
    name: 'A quote for 2024, before the first table, is refused as a year not supported',
    request: request(2024, '2023-11-01', continuousAdult(2024)),
    expect: failsWith('YEAR_NOT_SUPPORTED'),
  },
  {
    name: 'A quote further ahead than a resident may prepay (5 years) is refused: pay charges what a quote says',
    request: request(2031, '2025-11-01', continuousAdult(2026)),
    expect: failsWith('YEAR_NOT_SUPPORTED'),
  },
  {
    name: 'A quote exactly as far ahead as a resident may prepay is answered, provisionally',
    request: request(2030, '2025-11-01', continuousAdult(2026)),
    expect: { standardFen: 40000, provisional: true },
  },
  {
    name: 'A student may be quoted all academic years ahead (8), provisionally',
    request: request(2033, '2025-11-01', continuousAdult(2026, { birthDate: '2006-09-01', student: true })),
    expect: { provisional: true },
  },
  {
    name: 'A quote further ahead than a student may prepay (8 years) is refused',
    request: request(2034, '2025-11-01', continuousAdult(2026, { birthDate: '2006-09-01', student: true })),
    expect: failsWith('YEAR_NOT_SUPPORTED'),
  },
];
