import { errorMessage } from '../services/api-error';

/** What a page shows while its data comes: skeleton, error with retry, empty, or the content. */
export type LoadStatus = 'loading' | 'error' | 'empty' | 'ready';

export interface LoadStateData {
  status: LoadStatus;
  errorText: string;
}

export const initialLoadState: LoadStateData = { status: 'loading', errorText: '' };

export function failedState(err: unknown): LoadStateData {
  return { status: 'error', errorText: errorMessage(err) };
}
