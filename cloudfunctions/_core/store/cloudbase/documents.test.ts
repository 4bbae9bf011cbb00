import { EnrollmentDoc, enrollmentRow } from './documents';

/** Enrollment documents of earlier layouts read as this code expects (layout.ts says what each version changed). */
describe('an enrollment document restored at the counter', () => {
  const base = { ns: 'n', personId: 'per_1', benefitYear: 2026, source: 'payment:ord_1', enrolledAt: 't0', endedAt: null, endedReason: null };
  const gap = { from: '2026-06-01', restoredOn: '2026-12-01' };

  it('of layout 8, kept only its last gap: read as a list of that one', () => {
    expect(enrollmentRow(EnrollmentDoc.parse({ ...base, lastSuspension: gap }))).toMatchObject({ liftedSuspensions: [gap] });
  });

  it('of layout 9, keeps every gap in order; one never restored has none', () => {
    const second = { from: '2026-12-10', restoredOn: '2026-12-20' };
    expect(enrollmentRow(EnrollmentDoc.parse({ ...base, liftedSuspensions: [gap, second] })).liftedSuspensions).toEqual([gap, second]);
    expect(enrollmentRow(EnrollmentDoc.parse(base))).not.toHaveProperty('liftedSuspensions');
  });
});
