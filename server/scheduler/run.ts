import { now } from '../core/clock';
import { findById, put } from '../core/db';
import type { Job, JobResult } from './job';

export const SCHEDULER_RUNS = 'scheduler_runs';

interface RunRecord {
  _id: string;
  lastRunAt: Date;
  lastResult: JobResult | { error: string };
  durationMs: number;
}

export interface SchedulerEvent {
  /** Set by the platform's timer trigger. */
  Type?: string;
  TriggerName?: string;
  /** Run only this job, now, whether due or not (manual runs from the local cloud or the console). */
  job?: string;
}

export interface JobReport {
  job: string;
  ran: boolean;
  result?: JobResult;
  error?: string;
  durationMs?: number;
}

/**
 * One tick: run every due job, one after another so they share the function's timeout
 * predictably. A failing job is logged and does not stop the others.
 */
export async function runScheduler(jobs: Job[], event: SchedulerEvent): Promise<{ at: number; jobs: JobReport[] }> {
  const at = now();
  const selected = event.job ? jobs.filter((j) => j.name === event.job) : jobs;
  if (event.job && selected.length === 0) return { at, jobs: [{ job: event.job, ran: false, error: '没有这个任务' }] };
  const reports: JobReport[] = [];
  for (const job of selected) {
    const last = await findById<RunRecord>(SCHEDULER_RUNS, job.name);
    const due = event.job !== undefined || !last || at - new Date(last.lastRunAt).getTime() >= job.everyMinutes * 60_000;
    if (!due) {
      reports.push({ job: job.name, ran: false });
      continue;
    }
    const started = Date.now();
    let report: JobReport;
    try {
      const result = await job.run(now());
      report = { job: job.name, ran: true, result, durationMs: Date.now() - started };
    } catch (err) {
      console.error(JSON.stringify({ msg: 'job failed', job: job.name, error: (err as Error).stack }));
      report = { job: job.name, ran: true, error: (err as Error).message, durationMs: Date.now() - started };
    }
    await put(SCHEDULER_RUNS, job.name, {
      lastRunAt: new Date(at),
      lastResult: report.result ?? { error: report.error ?? '' },
      durationMs: report.durationMs ?? 0,
    });
    reports.push(report);
  }
  return { at, jobs: reports };
}
