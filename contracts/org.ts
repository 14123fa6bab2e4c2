import * as z from 'zod';
import { Id } from './common';
import { contract } from './define';

const UnitRef = z.object({ id: z.string(), name: z.string() });

export const orgContracts = {
  'org.overview': contract({
    description: '街道概览：各社区的网格与院落数量，以及我所在的院落',
    input: z.strictObject({}),
    output: z.object({
      street: UnitRef,
      communities: z.array(UnitRef.extend({ grids: z.number(), courtyards: z.number() })),
      myPlace: z.object({ community: UnitRef, grid: UnitRef, courtyard: UnitRef }).nullable(),
    }),
  }),
  'org.communityStats': contract({
    description: '社区居民登记情况统计（社区工作人员、街道管理员）',
    input: z.strictObject({ communityId: Id }),
    output: z.object({
      community: UnitRef,
      grids: z.number(),
      courtyards: z.number(),
      residents: z.object({ pending: z.number(), verified: z.number(), rejected: z.number() }),
    }),
  }),
};
