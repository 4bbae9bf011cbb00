import { DEFAULT_MESSAGES, type ApiError, type ErrorCode } from '../../shared/api/errors';

/**
 * The one way application code reports an expected failure. The handler turns it into
 * `{ ok: false, error: { code, message } }`; anything else that escapes becomes INTERNAL with no detail.
 */
/**
 * Errors are recognised by name, not by class identity: the local runtime loads every function bundle into one
 * process, each with its own copy of these classes, and they share one store — so an error thrown by the
 * store's copy must still be `instanceof` the bundle's copy.
 */
export function brandedBy(name: string) {
  return (value: unknown): boolean => value instanceof Error && value.name === name;
}

export class AppError extends Error {
  static override [Symbol.hasInstance] = brandedBy('AppError');
  constructor(
    readonly code: ErrorCode,
    message?: string,
  ) {
    super(message ?? DEFAULT_MESSAGES[code]);
    this.name = 'AppError';
  }

  toApi(): ApiError {
    return { code: this.code, message: this.message };
  }
}

/** A store write that broke a unique constraint: the caller decides whether that is a CONFLICT or a replay. */
export class UniqueViolation extends Error {
  static override [Symbol.hasInstance] = brandedBy('UniqueViolation');
  constructor(readonly constraint: string) {
    super(`unique constraint violated: ${constraint}`);
    this.name = 'UniqueViolation';
  }
}
