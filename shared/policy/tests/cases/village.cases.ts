import { continuousAdult, request, type PolicyCase } from './types';

// Pilot §三（三）5: village collectives "给予定额资助或全额补助". D6/D7: the village pays from what remains after the
// public measure, a fixed amount capped at what remains, or all of it.
const villager = (villageSubsidy: unknown, more: Record<string, unknown> = {}) => continuousAdult(2026, { villageSubsidy, ...more });
const village = (fen: number) => ({ rule: 'village-subsidy', payer: 'village-fund', fen });

export const villageCases: PolicyCase[] = [
  {
    name: 'A villager whose village gives a fixed 100 yuan pays 300 yuan',
    request: request(2026, '2025-11-01', villager({ kind: 'fixed', fen: 10000 })),
    expect: { dueFen: 30000, reductions: [village(10000)] },
  },
  {
    name: 'A villager whose village pays in full pays nothing',
    request: request(2026, '2025-11-01', villager({ kind: 'full' })),
    expect: { dueFen: 0, reductions: [{ ...village(40000), label: '村集体资助（全额补助）' }] },
  },
  {
    name: 'A 低保 villager with a fixed 100 yuan village subsidy pays nothing: the village pays only the 40 yuan left',
    request: request(2026, '2025-11-01', villager({ kind: 'fixed', fen: 10000 }, { aidCategories: ['dibao'] })),
    expect: { dueFen: 0, reductions: [{ rule: 'medical-aid', fen: 36000 }, village(4000)] },
  },
  {
    name: 'A 特困 villager leaves nothing for the village to pay',
    request: request(2026, '2025-11-01', villager({ kind: 'full' }, { aidCategories: ['tekun'] })),
    expect: { dueFen: 0, reductions: [{ rule: 'medical-aid', fen: 40000 }] },
  },
  {
    name: 'A fixed village subsidy of 0 fen adds no reduction',
    request: request(2026, '2025-11-01', villager({ kind: 'fixed', fen: 0 })),
    expect: { dueFen: 40000, reductions: [] },
  },
  {
    name: 'A student villager gets the student standard, then the village pays from the 350 yuan',
    request: request(2026, '2025-11-01', villager({ kind: 'fixed', fen: 30000 }, { student: true })),
    expect: { dueFen: 5000, reductions: [{ rule: 'student-standard', fen: 5000 }, village(30000)] },
  },
];
