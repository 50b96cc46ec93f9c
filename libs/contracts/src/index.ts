// Public entry of @shopmind/contracts: the generated schemas and types of every proto package
// (shopmind.<domain>.v1), the subject catalogue and the wire codec.
export * from './gen/index.js';
export * from './contract-error.js';
export * from './subjects.js';
export * from './codec.js';
