import { jobs } from '../../../server/scheduler/registry';
import { runScheduler, type SchedulerEvent } from '../../../server/scheduler/run';

/** Timer trigger: runs every job that is due (escalations, reminders, expiries, purges). */
export async function main(event: SchedulerEvent | undefined): Promise<unknown> {
  return runScheduler(jobs, event ?? {});
}
