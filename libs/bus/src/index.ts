// Public entry of @shopmind/bus: NATS JetStream for NestJS — transport, decorators, publisher,
// error kinds and exactly-once effects on Redis.
export {
  BusOptionsError,
  type BusOptions,
  type ResolvedBusOptions,
  resolveBusOptions,
} from './bus-options.js';
export { BUS_CONNECTION, BUS_OPTIONS, BUS_REDIS } from './bus-tokens.js';
export { BusModule, busRedisEndpoint } from './bus.module.js';
export {
  DependencyState,
  DependencyUnavailableError,
  type DependencySnapshot,
  type DependencyStatus,
} from './dependency-state.js';
export { BusPublisher, resultMsgId, type PublishOptions } from './bus-publisher.js';
export { createBusApp } from './create-bus-app.js';
export { EncodedReplyBody, PreEncodedReply } from './encoded-reply.js';
export { closeBusApp } from './graceful-shutdown.js';
export {
  EffectsLedger,
  type ApplyOnce,
  type EffectsLedgerOptions,
  type EntityRef,
  type EntityWrite,
  type LedgerOp,
  type OnceScript,
  type RunOnce,
} from '@shopmind/redis'; // the ledger lives with the scripts it runs on; the bus hands it out
export {
  DeferError,
  HandlerTimeoutError,
  NotFoundError,
  PermanentError,
  TransientError,
} from '@shopmind/errors';
export { OnEvent, OnQuery, type EventHandlerMethod, type QueryHandlerMethod } from './handler-decorators.js';
export {
  JetStreamTransport,
  closeRunningTransports,
  type JetStreamTransportStatus,
} from './jetstream-transport.js';
export type { EventContext, QueryContext } from './message-context.js';
export { HEADER as BUS_HEADERS } from './nats-headers.js';
export { busConnectionOptions, serviceInboxPrefix } from './nats-connections.js';
export { type QueryErrorCode } from './query-responder.js';
export { retryDelay } from './redelivery-policy.js';
export {
  PROVISION_COMMAND,
  StreamsNotProvisionedError,
  provisionStreams,
  streamSpecs,
  subjectCovers,
  verifyStreams,
  type StreamRead,
  type StreamSpec,
} from './topology.js';
export {
  ADMIN_USER,
  TENANTS_BEGIN,
  TENANTS_END,
  addTenantToAuthConfig,
  passwordVariable,
  renderAuthConfig,
  renderTenantEntry,
  tenantsInAuthConfig,
  type AuthConfigOptions,
} from './permissions/auth-config.js';
export {
  EDGE_INBOX_PREFIX,
  EDGE_USER,
  TENANT_CONSUMERS,
  edgePermissions,
  serviceUserPermissions,
  tenantConsumerNames,
  tenantInboxPrefix,
  tenantPermissions,
  type NatsPermissions,
  type PermissionOptions,
} from './permissions/nats-permissions.js';
export { createTenantCredentials, type TenantCredentials } from './permissions/tenant-credentials.js';
