import { fileURLToPath } from 'node:url';

/** Small CommonJS functions that use the real wx-server-sdk (tests/fixtures/functions/<name>). */
export const FIXTURE_FUNCTIONS = fileURLToPath(new URL('../../fixtures/functions', import.meta.url));
