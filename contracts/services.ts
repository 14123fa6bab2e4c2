import * as z from 'zod';
import { contract } from './define';

export const Circle = z.enum(['gov', 'volunteer', 'life']);

export const ServiceEntry = z.object({
  id: z.string(),
  circle: Circle,
  title: z.string(),
  description: z.string(),
  icon: z.string(),
  /** page: a mini-program path; phone: a number to call; info: text shown in a dialog. */
  kind: z.enum(['page', 'phone', 'info']),
  target: z.string(),
});

export const servicesContracts = {
  'services.catalog': contract({
    description: '三个服务圈（政务圈、志愿圈、生活圈）的办事入口',
    input: z.strictObject({}),
    output: z.object({
      circles: z.array(z.object({ circle: Circle, title: z.string(), entries: z.array(ServiceEntry) })),
    }),
  }),
};
