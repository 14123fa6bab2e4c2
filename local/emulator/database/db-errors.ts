import { CloudBaseError } from '../errors';

/*
 * The service's error codes and message shapes, as seen from the SDK. Codes decide what the SDK
 * does (errCode mapping, runTransaction retry); messages follow the service's `[Kind] (Reason) text`
 * style so logs read the same locally and in production.
 */

export type OperationKind = 'Query' | 'Insert' | 'Update' | 'Delete' | 'Aggregate' | 'Transaction';

export function invalidParam(message: string): CloudBaseError {
  return new CloudBaseError('INVALID_PARAM', message);
}

export function collectionNotExist(name: string): CloudBaseError {
  return new CloudBaseError(
    'DATABASE_COLLECTION_NOT_EXIST',
    `[ResourceNotFound] Db or Table not exist. Please check your request, but if the problem cannot be solved, contact us. (collection: ${name})`,
  );
}

export function collectionAlreadyExists(name: string): CloudBaseError {
  return new CloudBaseError('DATABASE_COLLECTION_ALREADY_EXIST', `[ResourceInUse] Table exist. (collection: ${name})`);
}

/** MongoDB's reason names (BadValue, FailedToParse, …) are what the service passes through. */
export function requestFailed(kind: OperationKind, reason: string, message: string): CloudBaseError {
  return new CloudBaseError('DATABASE_REQUEST_FAILED', `[FailedOperation.${kind}] (${reason}) ${message};`);
}

export function duplicateKey(envId: string, collection: string, index: string, key: string): CloudBaseError {
  return new CloudBaseError(
    'DATABASE_DUPLICATE_WRITE',
    `E11000 duplicate key error collection: ${envId}.${collection} index: ${index} dup key: ${key}`,
  );
}

/** The one code the SDK's runTransaction retries on. */
export function transactionConflict(reason: string): CloudBaseError {
  return new CloudBaseError('DATABASE_TRANSACTION_CONFLICT', `database transaction conflict: ${reason}`);
}

export function transactionFailed(message: string): CloudBaseError {
  return new CloudBaseError('DATABASE_TRANSACTION_FAIL', message);
}
