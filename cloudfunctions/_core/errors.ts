import { DEFAULT_MESSAGES, type ApiError, type ErrorCode } from '../../shared/api/errors';

/**
 * The one way application code reports an expected failure. The handler turns it into
 * `{ ok: false, error: { code, message } }`; anything else that escapes becomes INTERNAL with no detail.
 */
export class AppError extends Error {
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
  constructor(readonly constraint: string) {
    super(`unique constraint violated: ${constraint}`);
    this.name = 'UniqueViolation';
  }
}
