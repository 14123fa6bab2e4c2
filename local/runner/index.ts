export {
  createRunner,
  type Runner,
  type RunnerOptions,
  type InvokeOptions,
  type InvokeResult,
  type RunnerStats,
  type FunctionStats,
} from './runner';
export { RunnerError, type RunnerErrorCode } from './errors';
export { startTimerScheduler, type TimerScheduler, type ScheduledTrigger } from './timer-scheduler';
export { parseTimerCron, type TimerCron } from './timer-cron';
export { timerEvent, type TimerEvent } from './timer-event';
export { listFunctions, loadFunctionSpec, type FunctionSpec, type TimerTrigger } from './function-catalog';
export type { LogEntry } from './log-buffer';
