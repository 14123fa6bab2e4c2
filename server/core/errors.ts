import { DEFAULT_MESSAGES, type ApiError, type ErrorCode, type FieldError } from '../../contracts/errors';

/** The one error type handlers throw; the router turns it into `{ ok: false, error }`. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message?: string,
    readonly fields?: FieldError[],
  ) {
    super(message ?? DEFAULT_MESSAGES[code]);
  }

  toApiError(): ApiError {
    return this.fields?.length
      ? { code: this.code, message: this.message, fields: this.fields }
      : { code: this.code, message: this.message };
  }
}

export const fail = (code: ErrorCode, message?: string, fields?: FieldError[]): never => {
  throw new AppError(code, message, fields);
};
