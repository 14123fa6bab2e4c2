import type { ActionDef } from '../core/action';

/** The message centre's actions. */
export const messagesActions: ActionDef[] = [];
