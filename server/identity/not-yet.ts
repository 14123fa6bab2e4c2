import type { ActionName } from '../../contracts';
import { defineAction } from '../core/action';
import { AppError } from '../core/errors';

// Temporary: the contracts are committed first so the pages can be built against them; each stub is replaced by its handler.
export function stubsFor(names: readonly ActionName[]) {
  return names.map((name) =>
    defineAction({
      name,
      access: 'registered',
      mutates: false,
      async handler() {
        throw new AppError('INTERNAL', '功能开发中');
      },
    }),
  );
}
