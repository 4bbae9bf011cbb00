import { continuousAdult, failsWith, request, type PolicyCase } from './types';

// D8: concentrated period per benefit year (2026: 2025-10-20 – 2025-12-31) and a Jan 1 – end of Feb grace window in
// which a continuous enrollee is covered from the day after payment. D9 (国办发〔2024〕38号): outside the period or
// after a break, fixed 3 months; each break year beyond the first adds 1 month; each repaid year removes one; a
// break of 4+ years never waits less than 6 months. D10: in the period, benefits from Jan 1 + N months; outside,
// from (payment date + N months) + 1 day.

/** Born 1980, insured in 2024 and earlier only: every year from 2025 to benefitYear − 1 is a break year. */
const brokeAfter2024 = { birthDate: '1980-06-15', coveredYears: [2022, 2023, 2024] };

export const waitingCases: PolicyCase[] = [
  // The concentrated period's start: paying earlier is a prepayment and just as timely.
  {
    name: 'A continuous enrollee paying on 2025-10-19, the day before the 2026 period opens, is covered from 2026-01-01',
    request: request(2026, '2025-10-19', continuousAdult(2026)),
    expect: { paymentWindow: 'before-period', waitingMonths: 0, benefitStart: '2026-01-01' },
  },
  {
    name: 'A continuous enrollee paying on 2025-10-20, the first day of the 2026 period, is covered from 2026-01-01',
    request: request(2026, '2025-10-20', continuousAdult(2026)),
    expect: { paymentWindow: 'in-period', waitingMonths: 0, benefitStart: '2026-01-01' },
  },
  // The period's end and the grace window.
  {
    name: 'A continuous enrollee paying on 2025-12-31, the last day of the 2026 period, is covered from 2026-01-01',
    request: request(2026, '2025-12-31', continuousAdult(2026)),
    expect: { paymentWindow: 'in-period', waitingMonths: 0, benefitStart: '2026-01-01' },
  },
  {
    name: 'A continuous enrollee paying on 2026-01-01, in the grace window, is covered from the next day without waiting',
    request: request(2026, '2026-01-01', continuousAdult(2026)),
    expect: { paymentWindow: 'grace', waitingMonths: 0, benefitStart: '2026-01-02', waitingExemption: 'grace-window', rulesApplied: ['individual-standard', 'grace-window', 'benefit-start'] },
  },
  {
    name: 'A continuous enrollee paying on 2026-02-28, the last day of the grace window, is covered from 2026-03-01',
    request: request(2026, '2026-02-28', continuousAdult(2026)),
    expect: { paymentWindow: 'grace', waitingMonths: 0, benefitStart: '2026-03-01' },
  },
  {
    name: 'A continuous enrollee paying on 2026-03-01, after the grace window, waits the fixed 3 months: covered from 2026-06-02',
    request: request(2026, '2026-03-01', continuousAdult(2026)),
    expect: { paymentWindow: 'outside', waitingMonths: 3, benefitStart: '2026-06-02', rulesApplied: ['individual-standard', 'waiting-period', 'benefit-start'] },
  },
  {
    name: 'A continuous enrollee paying on 2026-09-30 is covered only on 2026-12-31, the last day with benefits',
    request: request(2026, '2026-09-30', continuousAdult(2026)),
    expect: { waitingMonths: 3, benefitStart: '2026-12-31' },
  },
  {
    name: 'A payment on 2026-10-01 would only start benefits in 2027, so it is refused for 2026',
    request: request(2026, '2026-10-01', continuousAdult(2026)),
    expect: failsWith('NO_BENEFIT_IN_YEAR'),
  },
  {
    name: 'A payment for 2025 made in 2026 is refused: the year is over',
    request: request(2025, '2026-01-05', continuousAdult(2025)),
    expect: failsWith('YEAR_CLOSED'),
  },
  // One break year.
  {
    name: 'A resident with one break year (2025) paying in the 2026 period waits 3 months from Jan 1: covered from 2026-04-01',
    request: request(2026, '2025-12-31', brokeAfter2024),
    expect: { breakYears: 1, continuous: false, waitingMonths: 3, benefitStart: '2026-04-01' },
  },
  {
    name: 'A resident with one break year paying in the grace window is not continuous: covered from payment + 3 months + 1 day',
    request: request(2026, '2026-01-01', brokeAfter2024),
    expect: { paymentWindow: 'grace', waitingExemption: null, waitingMonths: 3, benefitStart: '2026-04-02' },
  },
  {
    name: 'One break year leaves no variable month to repair',
    request: request(2026, '2025-12-01', brokeAfter2024, { repairYears: 1 }),
    expect: failsWith('REPAIR_EXCEEDS_BREAK'),
  },
  // Break years beyond the first.
  {
    name: 'Two break years (2025, 2026) wait 3 + 1 = 4 months: covered from 2027-05-01',
    request: request(2027, '2026-11-01', brokeAfter2024),
    expect: { breakYears: 2, waitingMonths: 4, benefitStart: '2027-05-01', repairFen: 0 },
  },
  {
    name: 'Two break years with one year repaid at the 2026 standard wait 3 months and pay 400 yuan more',
    request: request(2027, '2026-11-01', brokeAfter2024, { repairYears: 1 }),
    expect: { waitingMonths: 3, benefitStart: '2027-04-01', repairFen: 40000, repairedYears: [2026], totalFen: 80000, dueFen: 40000 },
  },
  {
    name: 'Two break years cannot repair two years: only one variable month exists',
    request: request(2027, '2026-11-01', brokeAfter2024, { repairYears: 2 }),
    expect: failsWith('REPAIR_EXCEEDS_BREAK'),
  },
  {
    name: 'Three break years wait 5 months; repairing both variable months brings it back to 3',
    request: request(2028, '2027-11-01', brokeAfter2024, { repairYears: 2 }),
    expect: { breakYears: 3, waitingMonths: 3, benefitStart: '2028-04-01', repairFen: 80000 },
  },
  {
    name: 'Three break years without repair wait 5 months: covered from 2028-06-01',
    request: request(2028, '2027-11-01', brokeAfter2024),
    expect: { waitingMonths: 5, benefitStart: '2028-06-01' },
  },
  // "连续断保4年及以上的，修复后固定待遇等待期和变动待遇等待期之和原则上不少于6个月".
  {
    name: 'Four break years wait 6 months: covered from 2029-07-01',
    request: request(2029, '2028-11-01', brokeAfter2024),
    expect: { breakYears: 4, waitingMonths: 6, benefitStart: '2029-07-01' },
  },
  {
    name: 'Four break years with all three variable months repaid still wait 6 months, the floor for breaks of 4+ years',
    request: request(2029, '2028-11-01', brokeAfter2024, { repairYears: 3 }),
    expect: { waitingMonths: 6, benefitStart: '2029-07-01', repairFen: 120000 },
  },
  {
    name: 'Five break years wait 7 months',
    request: request(2030, '2029-11-01', brokeAfter2024),
    expect: { breakYears: 5, waitingMonths: 7, benefitStart: '2030-08-01', provisional: true },
  },
  {
    name: 'Five break years with one year repaid wait 6 months',
    request: request(2030, '2029-11-01', brokeAfter2024, { repairYears: 1 }),
    expect: { waitingMonths: 6 },
  },
  {
    name: 'Five break years with four years repaid still wait 6 months',
    request: request(2030, '2029-11-01', brokeAfter2024, { repairYears: 4 }),
    expect: { waitingMonths: 6, benefitStart: '2030-07-01' },
  },
  // Counting starts in 2025.
  {
    name: 'Breaks before 2025 do not count: a first-time enrollee paying in the 2025 period is covered from 2025-01-01',
    request: request(2025, '2024-11-01', { birthDate: '1980-06-15' }),
    expect: { breakYears: 0, continuous: false, waitingMonths: 0, benefitStart: '2025-01-01' },
  },
  {
    name: 'A first-time enrollee paying for 2025 in the grace window is not continuous and waits the fixed 3 months',
    request: request(2025, '2025-01-10', { birthDate: '1980-06-15' }),
    expect: { paymentWindow: 'grace', waitingMonths: 3, benefitStart: '2025-04-11' },
  },
  {
    name: 'A resident insured in 2024 paying for 2025 in the grace window is continuous and covered the next day',
    request: request(2025, '2025-02-28', { birthDate: '1980-06-15', coveredYears: [2024] }),
    expect: { waitingMonths: 0, benefitStart: '2025-03-01' },
  },
  {
    name: 'A baby born in November 2025 and not enrolled for 2025 has a break year in 2026: enrol newborns for their birth year',
    request: request(2026, '2025-12-10', { birthDate: '2025-11-20' }),
    expect: { breakYears: 1, waitingMonths: 3, benefitStart: '2026-04-01' },
  },
  // Provisional dates repeat a year on, month ends included.
  {
    name: 'In provisional 2028 the grace window ends on 2028-02-29: a continuous enrollee paying that day is covered from 2028-03-01',
    request: request(2028, '2028-02-29', continuousAdult(2028)),
    expect: { provisional: true, paymentWindow: 'grace', benefitStart: '2028-03-01' },
  },
  {
    name: 'In provisional 2027 the period runs 2026-10-20 – 2026-12-31: paying on 2026-12-31 is on time',
    request: request(2027, '2026-12-31', continuousAdult(2027)),
    expect: { provisional: true, paymentWindow: 'in-period', benefitStart: '2027-01-01' },
  },
];
