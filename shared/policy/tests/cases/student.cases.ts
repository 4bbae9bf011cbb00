import { continuousAdult, request, type PolicyCase } from './types';

// Pilot §三（三）2: "大学生参加2026年度居民医保个人缴费标准为350元". D6: public measures do not stack; the most favourable applies.
const studentCut = { rule: 'student-standard', payer: 'city-finance', fen: 5000 };
const student = (year: number, more: Record<string, unknown> = {}) => continuousAdult(year, { birthDate: '2006-09-01', student: true, ...more });

export const studentCases: PolicyCase[] = [
  {
    name: 'A Hefei university student pays 350 yuan for 2026',
    request: request(2026, '2025-11-01', student(2026)),
    expect: { standardFen: 40000, dueFen: 35000, reductions: [studentCut], provisional: false },
  },
  {
    name: 'A student pays the individual standard of 400 yuan for 2025, which has no student standard',
    request: request(2025, '2024-11-01', student(2025)),
    expect: { dueFen: 40000, reductions: [] },
  },
  {
    name: 'A student quoted for 2027 pays 350 yuan provisionally',
    request: request(2027, '2026-11-01', student(2027)),
    expect: { dueFen: 35000, provisional: true },
  },
  {
    name: 'A student who is also a 低保 recipient pays 40 yuan: the aid is more favourable and the two do not stack',
    request: request(2026, '2025-11-01', student(2026, { aidCategories: ['dibao'] })),
    expect: { dueFen: 4000, reductions: [{ rule: 'medical-aid', fen: 36000 }], notApplied: [{ rule: 'student-standard', fen: 5000 }], rulesApplied: ['individual-standard', 'medical-aid', 'most-favourable', 'benefit-start'] },
  },
  {
    name: 'A student in a 低保边缘 family pays 320 yuan: the 20% aid (80 yuan) beats the student standard (50 yuan)',
    request: request(2026, '2025-11-01', student(2026, { aidCategories: ['dibao-edge'] })),
    expect: { dueFen: 32000, reductions: [{ rule: 'medical-aid', fen: 8000 }] },
  },
];
