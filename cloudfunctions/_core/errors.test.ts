import { AppError, UniqueViolation } from './errors';

describe('errors thrown by another copy of this module', () => {
  it('are still recognised by instanceof, by name', () => {
    // What a second bundle's copy of the class produces: same name, another constructor.
    class UniqueViolationCopy extends Error {
      constructor() {
        super('copy');
        this.name = 'UniqueViolation';
      }
    }
    expect(new UniqueViolationCopy()).toBeInstanceOf(UniqueViolation);
    expect(new UniqueViolationCopy()).not.toBeInstanceOf(AppError);
    expect(new Error('plain')).not.toBeInstanceOf(UniqueViolation);
  });
});
