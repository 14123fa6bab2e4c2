import { defineAction } from '../core/action';
import { VERSION } from '../version';

const ping = defineAction({
  name: 'system.ping',
  access: 'public',
  mutates: false,
  async handler(ctx) {
    return { now: ctx.now(), version: VERSION };
  },
});

export const systemActions = [ping];
