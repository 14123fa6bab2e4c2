/**
 * An error the emulator answers the way CloudBase does: HTTP 200 with `{ code, message }`,
 * which the SDK maps to its numeric errCode and throws.
 */
export class CloudBaseError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}
