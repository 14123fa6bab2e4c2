import type { ActionDef } from '../core/action';

/** Report actions: lists, map and statistics. */
export const reportQueryActions: ActionDef[] = [];
