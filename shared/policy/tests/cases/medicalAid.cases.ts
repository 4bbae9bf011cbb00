import { continuousAdult, request, type PolicyCase } from './types';

// Pilot §三（三）3: "医疗救助基金对特困人员给予全额资助；对低保对象、低保边缘家庭老年人、计划生育特殊家庭父母给予90%定额资助；
// 对乡村振兴部门认定的返贫致贫人口给予80%定额资助；防止返贫监测对象给予50%定额资助；对低保边缘家庭给予20%定额资助。"
const inPeriod2026 = (aidCategories: string[], more: Record<string, unknown> = {}) =>
  request(2026, '2025-11-15', continuousAdult(2026, { aidCategories, ...more }));

const aid = (fen: number) => ({ rule: 'medical-aid', payer: 'medical-aid-fund', fen });

export const medicalAidCases: PolicyCase[] = [
  { name: 'A 特困 resident paying in the 2026 period pays nothing; the aid fund pays 400 yuan', request: inPeriod2026(['tekun']), expect: { dueFen: 0, reductions: [aid(40000)] } },
  { name: 'A 低保 resident paying in the 2026 period pays 40 yuan', request: inPeriod2026(['dibao']), expect: { dueFen: 4000, reductions: [aid(36000)] } },
  { name: 'An elderly member of a 低保边缘 family pays 40 yuan (90% aid)', request: inPeriod2026(['dibao-edge-elderly']), expect: { dueFen: 4000, reductions: [aid(36000)] } },
  { name: 'A parent of a 计划生育特殊家庭 pays 40 yuan (90% aid)', request: inPeriod2026(['family-planning-special-parent']), expect: { dueFen: 4000, reductions: [aid(36000)] } },
  { name: 'A person who relapsed into poverty (返贫致贫) pays 80 yuan (80% aid)', request: inPeriod2026(['poverty-relapse']), expect: { dueFen: 8000, reductions: [aid(32000)] } },
  { name: 'A 防止返贫监测对象 pays 200 yuan (50% aid)', request: inPeriod2026(['poverty-monitored']), expect: { dueFen: 20000, reductions: [aid(20000)] } },
  { name: 'Another member of a 低保边缘 family pays 320 yuan (20% aid)', request: inPeriod2026(['dibao-edge']), expect: { dueFen: 32000, reductions: [aid(8000)] } },
  {
    name: 'A person in two aid categories gets the highest share only, never both (D3)',
    request: inPeriod2026(['poverty-monitored', 'dibao', 'dibao-edge']),
    expect: { dueFen: 4000, reductions: [{ ...aid(36000), label: '医疗救助资助参保（低保对象 90%）' }] },
  },
  {
    name: 'A 低保 resident paying in the 2025 period pays 40 yuan too',
    request: request(2025, '2024-11-15', continuousAdult(2025, { aidCategories: ['dibao'] })),
    expect: { dueFen: 4000, reductions: [aid(36000)] },
  },
  {
    name: 'A payment made the day before the 低保 certification carries no aid: new recipients are subsidised from their certification date (D3)',
    request: inPeriod2026(['dibao'], { aidCertifiedDate: '2025-11-16' }),
    expect: { dueFen: 40000, reductions: [] },
  },
  {
    name: 'A payment made on the day of the 低保 certification carries the aid',
    request: inPeriod2026(['dibao'], { aidCertifiedDate: '2025-11-15' }),
    expect: { dueFen: 4000, waitingExemption: null },
  },
  {
    name: 'A new 低保 recipient certified after the 2026 period, with a break year, waits nothing: covered the day after paying (D9)',
    request: request(2026, '2026-03-15', { birthDate: '1975-01-01', coveredYears: [2024], aidCategories: ['dibao'], aidCertifiedDate: '2026-03-10' }),
    expect: { dueFen: 4000, waitingMonths: 0, benefitStart: '2026-03-16', waitingExemption: 'new-aid-recipient', rulesApplied: ['individual-standard', 'medical-aid', 'new-aid-recipient-exemption', 'benefit-start'] },
  },
  {
    name: 'A 低保 recipient certified on the last day of the 2026 period is not new: with a break year they wait like anyone',
    request: request(2026, '2026-03-15', { birthDate: '1975-01-01', coveredYears: [2024], aidCategories: ['dibao'], aidCertifiedDate: '2025-12-31' }),
    expect: { dueFen: 4000, waitingMonths: 3, benefitStart: '2026-06-16' },
  },
  {
    name: 'A 低保 recipient certified the day after the 2026 period closed is new and exempt from waiting',
    request: request(2026, '2026-03-15', { birthDate: '1975-01-01', coveredYears: [2024], aidCategories: ['dibao'], aidCertifiedDate: '2026-01-01' }),
    expect: { waitingMonths: 0, benefitStart: '2026-03-16' },
  },
];
