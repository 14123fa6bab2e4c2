import { escalationJob } from '../reports/escalation-job';
import type { Job } from './job';
import { purgeJobs } from './purge-jobs';

/** Every scheduled job. Domains add theirs (escalation, reminders, expiries) here. */
export const jobs: Job[] = [...purgeJobs, escalationJob];
