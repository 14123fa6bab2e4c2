import * as z from 'zod';
import { contract } from './define';

export const systemContracts = {
  'system.ping': contract({
    description: '健康检查：返回服务器时间与版本，无需身份',
    input: z.strictObject({}),
    output: z.object({ now: z.number(), version: z.string() }),
  }),
};
