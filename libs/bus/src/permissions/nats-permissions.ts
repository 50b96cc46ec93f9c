// Who may publish and subscribe what on NATS: one user per service, the edge and each shop
// (tenant), derived from the service catalogue and the bus's own use of the JetStream API.
// The names follow docs/decisions/permission-model.md.
import {
  consumerName,
  prefixStream,
  prefixSubject,
  ServiceCatalogue,
  Streams,
  TENANT_PATTERN,
  unroutableDeadLetterSubject,
  type ServiceDefinition,
} from '@shopmind/contracts';
import { serviceInboxPrefix } from '../nats-connections.js';
import { SWEEPER_DEAD_LETTER_SERVICE, SWEEPER_DURABLE } from '../stray-sweeper.js';

/** A user's `permissions` block in nats-server's configuration. */
export interface NatsPermissions {
  publish: { allow: string[] };
  subscribe: { allow: string[] };
  /** Lets the user reply to the requests it receives (one reply each). */
  allow_responses?: boolean;
}

export interface PermissionOptions {
  /** SHOPMIND_SUBJECT_PREFIX (empty in deployments). */
  prefix?: string;
}

/** The JetStream API subjects (and their prefix) nats.js uses; never prefixed by the namespace. */
const API = '$JS.API';

/** The inbox prefix of a shop system's connections. */
export const tenantInboxPrefix = (tenant: string): string => `_INBOX.shop.${tenant}`;
/** The NATS user of the HTTP edge. */
export const EDGE_USER = 'edge';
/** The inbox prefix of the edge's connections: it runs on the service kit, as the service `edge`. */
export const EDGE_INBOX_PREFIX = serviceInboxPrefix(EDGE_USER);
/** How many consumers a tenant may keep on AI_RESULTS: `<t>`, `<t>_1` … `<t>_<n-1>`. */
export const TENANT_CONSUMERS = 5;

function unique(subjects: string[]): string[] {
  return [...new Set(subjects)];
}

/** Subjects to use one durable pull consumer: create or update it (with its filter), info, pull, ack. */
function consumerSubjects(stream: string, durable: string, filter: string | undefined): string[] {
  return [
    filter === undefined
      ? `${API}.CONSUMER.CREATE.${stream}.${durable}`
      : `${API}.CONSUMER.CREATE.${stream}.${durable}.${filter}`,
    `${API}.CONSUMER.INFO.${stream}.${durable}`,
    `${API}.CONSUMER.MSG.NEXT.${stream}.${durable}`,
    `$JS.ACK.${stream}.${durable}.>`,
  ];
}

function findService(service: string): ServiceDefinition {
  const found = Object.values(ServiceCatalogue).find((s) => s.name === service);
  if (!found) {
    const names = Object.values(ServiceCatalogue).map((s) => s.name);
    throw new Error(`unknown service ${JSON.stringify(service)} (known: ${names.join(', ')})`);
  }
  return found;
}

/**
 * The stray sweeper, which the bus transport of every process on the service kit runs: one shared
 * durable over the whole SHOP_EVENTS stream; it fetches a stray, stores its dead letter under
 * dlq.bus.unroutable and deletes it from the stream.
 */
function straySweeperSubjects(prefix: string): string[] {
  const shopEvents = prefixStream(prefix, Streams.shopEvents.name);
  return [
    ...consumerSubjects(shopEvents, SWEEPER_DURABLE, prefix ? prefixSubject(prefix, '>') : undefined),
    `${API}.STREAM.MSG.GET.${shopEvents}`,
    `${API}.STREAM.MSG.DELETE.${shopEvents}`,
    prefixSubject(prefix, unroutableDeadLetterSubject(SWEEPER_DEAD_LETTER_SERVICE)),
  ];
}

/**
 * A service's user: its consumers' API and ack subjects (and the shared stray sweeper's on
 * SHOP_EVENTS), INFO of the streams it reads or writes, its results, its dead letters, its
 * queries (answered through `allow_responses`), the queries it asks, and its own inbox.
 */
export function serviceUserPermissions(service: string, options: PermissionOptions = {}): NatsPermissions {
  const def = findService(service);
  const prefix = options.prefix ?? '';
  const subject = (s: string) => prefixSubject(prefix, s);
  const stream = (s: string) => prefixStream(prefix, s);
  const streams = new Set<string>([Streams.deadLetters.name]);
  if (def.publishes.length > 0) streams.add(Streams.aiResults.name);
  const publish = [`${API}.INFO`];
  for (const event of def.consumes) {
    streams.add(event.stream);
    publish.push(
      ...consumerSubjects(stream(event.stream), consumerName(service, event), subject(event.filter)),
    );
  }
  if (def.consumes.some((e) => e.stream === Streams.shopEvents.name))
    publish.push(...straySweeperSubjects(prefix));
  for (const s of streams) publish.push(`${API}.STREAM.INFO.${stream(s)}`);
  publish.push(...def.publishes.map((e) => subject(e.filter)));
  publish.push(subject(`dlq.${service}.>`));
  publish.push(...def.asks.map((q) => subject(q.filter)));
  const subscribe = [...def.answers.map((q) => subject(q.filter)), `${serviceInboxPrefix(service)}.>`];
  return {
    publish: { allow: unique(publish) },
    subscribe: { allow: unique(subscribe) },
    ...(def.answers.length > 0 ? { allow_responses: true } : {}),
  };
}

/**
 * The HTTP edge: publishes shop events for any shop and its own dead letters, asks any query, reads
 * the live feeds. It runs on the service kit, so its bus transport also checks JetStream
 * (`$JS.API.INFO`), verifies SHOP_EVENTS and takes its turn in the shared stray sweeper.
 */
export function edgePermissions(options: PermissionOptions = {}): NatsPermissions {
  const prefix = options.prefix ?? '';
  const subject = (s: string) => prefixSubject(prefix, s);
  return {
    publish: {
      allow: unique([
        `${API}.INFO`,
        ...straySweeperSubjects(prefix),
        `${API}.STREAM.INFO.${prefixStream(prefix, Streams.shopEvents.name)}`,
        subject('shop.*.>'),
        subject('dlq.edge.>'),
        subject('q.*.>'),
      ]),
    },
    subscribe: { allow: [subject('shop.*.>'), subject('ai.*.>'), `${EDGE_INBOX_PREFIX}.>`] },
  };
}

function checkTenant(tenant: string): string {
  if (!TENANT_PATTERN.test(tenant)) {
    throw new Error(
      `tenant id ${JSON.stringify(tenant)} is not a valid subject token (${TENANT_PATTERN.source})`,
    );
  }
  return tenant;
}

/** The only names a tenant's consumers on AI_RESULTS may have: `<t>`, `<t>_1` … `<t>_4`. */
export function tenantConsumerNames(tenant: string): string[] {
  checkTenant(tenant);
  return Array.from({ length: TENANT_CONSUMERS }, (_, i) => (i === 0 ? tenant : `${tenant}_${i}`));
}

/**
 * A shop system: publishes its own events, asks its own queries, reads its own results — on
 * AI_RESULTS only through consumers it creates with the filtered create API for `ai.<t>.>`
 * (nats-server checks that the filter in the subject is the consumer's filter).
 */
export function tenantPermissions(tenant: string, options: PermissionOptions = {}): NatsPermissions {
  const subject = (s: string) => prefixSubject(options.prefix ?? '', s);
  const results = prefixStream(options.prefix ?? '', Streams.aiResults.name);
  const own = subject(`ai.${checkTenant(tenant)}.>`);
  const consumers = tenantConsumerNames(tenant).flatMap((name) => [
    `${API}.CONSUMER.CREATE.${results}.${name}.${own}`,
    `${API}.CONSUMER.INFO.${results}.${name}`,
    `${API}.CONSUMER.MSG.NEXT.${results}.${name}`,
    `${API}.CONSUMER.DELETE.${results}.${name}`,
    `$JS.ACK.${results}.${name}.>`,
  ]);
  return {
    publish: {
      allow: [subject(`shop.${tenant}.>`), subject(`q.${tenant}.>`), `${API}.INFO`, ...consumers],
    },
    subscribe: { allow: [own, `${tenantInboxPrefix(tenant)}.>`] },
  };
}
