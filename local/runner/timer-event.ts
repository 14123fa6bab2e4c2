/** The event a timer trigger hands the function (CloudBase/SCF shape). */
export interface TimerEvent {
  Type: 'Timer';
  TriggerName: string;
  /** UTC, second precision, e.g. 2026-11-28T02:30:00Z. */
  Time: string;
  Message: string;
}

export function timerEvent(triggerName: string, at: Date, message = ''): TimerEvent {
  return { Type: 'Timer', TriggerName: triggerName, Time: at.toISOString().replace(/\.\d{3}Z$/, 'Z'), Message: message };
}
