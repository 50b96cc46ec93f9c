// Public entry of @shopmind/contracts: the generated schemas and types of every proto package
// (shopmind.<domain>.v1), the subject catalogue with its namespace prefix, and the wire codec.
export * from './gen/index.js';
export * from './contract-error.js';
export * from './subjects.js';
export * from './subject-namespace.js';
export * from './codec.js';
export * from './services.js';
