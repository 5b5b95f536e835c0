/** The HTTP contract between the service and its clients: schemas, their types and a typed client. */
export * from './schemas';
export * from './types';
export * from './replies';
export * from './client';
