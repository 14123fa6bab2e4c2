import type { ActionDef } from '../core/action';

/** Report actions: submit and the moves of the state machine. */
export const reportCommandActions: ActionDef[] = [];
