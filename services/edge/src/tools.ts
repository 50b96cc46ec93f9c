// The edge's way in for tests/ and scripts/: the service definition they run in-process, webhook
// signing, the tenants file reader and key hash, and the console's feed and fraud queue shapes.
// (main.ts starts the service when imported; config.ts is imported directly.)
export { edge } from './edge.module.js';
export type { FeedItem } from './console/bus-feed.js';
export { FRAUD_QUEUE_LENGTH, fraudQueueKey } from './console/fraud-queue.js';
export { apiKeyHash } from './tenants/edge-tenants.js';
export { readTenants } from './tenants/tenant-settings.js';
export { sign } from './webhooks/webhook-signature.js';
