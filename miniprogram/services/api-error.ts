import type { ErrorCode, FieldError } from '../../contracts';

/** Codes the client adds: the backend was never reached, or never answered usefully. */
export type ClientErrorCode = 'NETWORK' | 'BAD_RESPONSE';

export const CLIENT_MESSAGES: Record<ClientErrorCode, string> = {
  NETWORK: '网络不给力，请检查网络后重试',
  BAD_RESPONSE: '服务返回异常，请稍后重试',
};

/** What every failed `call()` rejects with: branch on `code`, show `message`. */
export class ApiCallError extends Error {
  readonly code: ErrorCode | ClientErrorCode;
  readonly fields: FieldError[];

  constructor(code: ErrorCode | ClientErrorCode, message: string, fields: FieldError[] = []) {
    super(message);
    this.name = 'ApiCallError';
    this.code = code;
    this.fields = fields;
  }
}

/** The Chinese message to show for anything a page caught. */
export function errorMessage(err: unknown): string {
  if (err instanceof ApiCallError) return err.message;
  return CLIENT_MESSAGES.BAD_RESPONSE;
}
