/**
 * Failures of the platform around a function, as opposed to values the function returns.
 * Codes follow CloudBase's names so the emulator can hand them to `cloud.callFunction`
 * callers unchanged (they surface there as errCode -504002 with this message).
 */
export type RunnerErrorCode =
  | 'FUNCTION_NOT_FOUND'
  | 'TRIGGER_NOT_FOUND'
  | 'FUNCTIONS_EXECUTE_FAIL'
  | 'FUNCTIONS_TIME_LIMIT_EXCEEDED'
  | 'FUNCTIONS_MEMORY_LIMIT_EXCEEDED'
  | 'FUNCTIONS_INSTANCE_CRASHED'
  | 'RUNNER_CLOSED';

export class RunnerError extends Error {
  override readonly name = 'RunnerError';
  constructor(
    readonly code: RunnerErrorCode,
    message: string,
    readonly requestId?: string,
  ) {
    super(message);
  }
}
