import type { z } from 'zod';

export interface ActionContract<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  description: string;
  input: I;
  output: O;
}

/** Identity function that keeps the literal schema types for inference. */
export function contract<I extends z.ZodType, O extends z.ZodType>(c: ActionContract<I, O>): ActionContract<I, O> {
  return c;
}
