import { collection, command, removeWhere } from '../core/db';
import { REQUESTS } from '../core/idempotency';
import { RATE_LIMITS } from '../core/rate-limit';
import type { Job } from './job';

function purgeExpired(name: string, coll: string, description: string): Job {
  return {
    name,
    description,
    everyMinutes: 60,
    async run(nowMs) {
      const processed = await removeWhere(collection(coll).where({ expiresAt: command().lt(new Date(nowMs)) }));
      return { processed };
    },
  };
}

export const purgeJobs: Job[] = [
  purgeExpired('purge-requests', REQUESTS, '清理过期的请求幂等记录（保留 24 小时）'),
  purgeExpired('purge-rate-limits', RATE_LIMITS, '清理过期的频率限制计数'),
];
