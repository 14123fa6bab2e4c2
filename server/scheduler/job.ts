export interface JobResult {
  /** How many records the run handled (escalated, reminded, purged, …). */
  processed: number;
  note?: string;
}

export interface Job {
  name: string;
  description: string;
  /** Runs when at least this long has passed since its last run. */
  everyMinutes: number;
  run(nowMs: number): Promise<JobResult>;
}
