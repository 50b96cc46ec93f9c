// Public entry of @shopmind/contracts: the generated schemas and types of every proto package,
// the subject catalogue and the wire codec.
export * from './gen/shopmind/catalog/v1/catalog_pb.js';
export * from './gen/shopmind/common/v1/common_pb.js';
export * from './gen/shopmind/copy/v1/copy_pb.js';
export * from './gen/shopmind/fraud/v1/fraud_pb.js';
export * from './gen/shopmind/graph/v1/graph_pb.js';
export * from './gen/shopmind/interaction/v1/interaction_pb.js';
export * from './gen/shopmind/order/v1/order_pb.js';
export * from './gen/shopmind/recommendation/v1/recommendation_pb.js';
export * from './gen/shopmind/review/v1/review_pb.js';
export * from './gen/shopmind/support/v1/support_pb.js';
export * from './contract-error.js';
export * from './subjects.js';
export * from './codec.js';
