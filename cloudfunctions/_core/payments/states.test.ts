import { canTransition, ORDER_STATES, statesLeadingTo } from './states';

describe('payment order state machine', () => {
  it('never leaves a final state', () => {
    for (const to of ORDER_STATES) {
      expect(canTransition('SUCCESS', to)).toBe(false);
      expect(canTransition('FAILED', to)).toBe(false);
    }
  });

  it('lets a timeout become UNKNOWN but never FAILED on its own', () => {
    expect(canTransition('PENDING', 'UNKNOWN')).toBe(true);
    expect(statesLeadingTo('UNKNOWN')).toEqual(['INIT', 'PENDING']);
  });

  it('settles UNKNOWN only through the channel answer states', () => {
    expect(statesLeadingTo('SUCCESS')).toEqual(['INIT', 'PENDING', 'UNKNOWN']);
    expect(canTransition('UNKNOWN', 'INIT')).toBe(false);
  });
});
