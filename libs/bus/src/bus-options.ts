// Settings of the bus, shared by the transport, the publisher and the module.
import type { WireFormat } from '@shopmind/contracts';
import type { RedisEndpoint } from '@shopmind/redis';

export interface BusOptions {
  /** Service name: durable consumer names, queue group and dead-letter subjects derive from it. */
  service: string;
  /** `nats://` or `tls://` (TLS required; with `tlsCaFile` to trust a private CA). */
  natsUrl: string;
  /** NATS user and password (docs/decisions/permission-model.md: one user per service). */
  user?: string;
  password?: string;
  /** PEM file of the CA that signed the NATS server's certificate. */
  tlsCaFile?: string;
  /** A single Redis server (`redis://`); `redis` takes precedence. */
  redisUrl?: string;
  /** Where Redis is: a single server, a Sentinel-managed master or a Redis Cluster (`@shopmind/redis`). */
  redis?: RedisEndpoint;
  /** Wire format of what this service publishes (results, dead letters keep the original). */
  publishFormat?: WireFormat;
  /** Deliveries before a message is dead-lettered. */
  maxDeliver?: number;
  /** Time a delivery may stay unacknowledged before the server redelivers it. */
  ackWaitMs?: number;
  /**
   * Time a handler may run (kept alive by `working()` meanwhile). Past it the handler is abandoned
   * and its message counts as a transient failure, so a hung handler cannot hold it forever.
   */
  handlerTimeoutMs?: number;
  /** Unacknowledged messages the server hands out per consumer (all replicas together). */
  maxAckPending?: number;
  /** Handlers running at once per consumer in this process. */
  concurrency?: number;
  /**
   * Messages one consumer holds in this process, pulled and not yet finished (running or waiting
   * to start). Tenants take turns only among these: the window fairness can reorder.
   */
  readAhead?: number;
  /**
   * Start waiting messages tenant by tenant in turn (the subject's `<tenant>` token), each tenant
   * running at most `tenantConcurrency` at once; false: in stream order.
   */
  fairness?: boolean;
  /** Handlers of one tenant running at once per consumer in this process (with `fairness`). */
  tenantConcurrency?: number;
  /** Delayed redeliveries (nak with delay) one consumer in this process may hold at once. */
  maxDelayedPerConsumer?: number;
  /** Deliveries kept in reserve: when fewer remain, `ctx.canDefer` is false. */
  deferReserve?: number;
  /** First redelivery delay after a transient failure; doubles per delivery up to `maxRetryDelayMs`. */
  retryDelayMs?: number;
  maxRetryDelayMs?: number;
  retention?: { maxAgeMs: number; maxBytes: number };
  replicas?: number;
  /** Window in which JetStream drops a second publish with the same Nats-Msg-Id. */
  duplicateWindowMs?: number;
  /**
   * Namespace for isolated deployments and tests: subjects become `<prefix>.<subject>` and stream
   * names `<PREFIX>_<STREAM>`. Empty in production.
   */
  subjectPrefix?: string;
  /** Time a query handler gets when the request carries no deadline header. */
  queryTimeoutMs?: number;
  /**
   * Check every query reply against its contract before it is sent (an invalid one becomes an
   * `internal` error). Requests are always checked: they come from outside. Default true; the
   * service kit turns it off under NODE_ENV=production, where it re-proves on every reply what the
   * tests prove.
   */
  validateReplies?: boolean;
  /**
   * The furthest a query's deadline may be: a `Shopmind-Deadline` later than now + this is
   * clamped to it (a timer past 2^31 ms would fire at once), and so is the default
   * `queryTimeoutMs`: a query handler never gets longer.
   */
  queryMaxDeadlineMs?: number;
  /** How often each consumer reports its lag (num_pending) as a metric. */
  lagIntervalMs?: number;
  /** Connection name shown by the server (defaults to the service name). */
  connectionName?: string;
  /**
   * Run the stray sweeper (stray-sweeper.ts): dead-letter and delete what an inbound stream stores
   * but no service consumer is ever handed. One durable shared platform-wide; default true.
   */
  sweepStrays?: boolean;
  /**
   * How often a service whose streams are not provisioned (missing, or lacking a subject it
   * consumes) checks again; it is up and not ready meanwhile.
   */
  verifyRetryMs?: number;
}

type OptionalSettings = 'redisUrl' | 'redis' | 'user' | 'password' | 'tlsCaFile';
export type ResolvedBusOptions = Required<Omit<BusOptions, OptionalSettings>> &
  Pick<BusOptions, OptionalSettings>;

const DAY_MS = 24 * 60 * 60 * 1000;
/** The longest delay a Node timer keeps (2^31 - 1 ms); a longer one fires after 1 ms. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Bus settings that cannot work; the message names every one of them. */
export class BusOptionsError extends Error {
  override readonly name = 'BusOptionsError';
  constructor(readonly problems: string[]) {
    super(`invalid bus options: ${problems.join('; ')}`);
  }
}

function validate(o: ResolvedBusOptions): void {
  const problems: string[] = [];
  if (!/^[a-z0-9][a-z0-9_-]{0,62}$/.test(o.service))
    problems.push(`service ${JSON.stringify(o.service)} must be lower-case letters, digits, - or _`);
  if (!o.natsUrl) problems.push('natsUrl is required');
  if ((o.user === undefined) !== (o.password === undefined))
    problems.push('user and password must be given together');
  if (!/^[A-Za-z0-9_-]*$/.test(o.subjectPrefix))
    problems.push(
      `subjectPrefix ${JSON.stringify(o.subjectPrefix)} must be one subject token (letters, digits, - or _)`,
    );
  const positive = [
    'maxDeliver',
    'ackWaitMs',
    'handlerTimeoutMs',
    'maxAckPending',
    'concurrency',
    'readAhead',
    'tenantConcurrency',
    'maxDelayedPerConsumer',
    'replicas',
    'queryTimeoutMs',
    'queryMaxDeadlineMs',
    'lagIntervalMs',
    'verifyRetryMs',
  ] as const;
  for (const k of positive)
    if (!Number.isInteger(o[k]) || o[k] < 1) problems.push(`${k} must be a positive integer (got ${o[k]})`);
  for (const k of ['retryDelayMs', 'maxRetryDelayMs', 'duplicateWindowMs'] as const) {
    if (!Number.isFinite(o[k]) || o[k] < 0) problems.push(`${k} must be a number ≥ 0 (got ${o[k]})`);
  }
  if (o.readAhead > o.maxAckPending)
    problems.push(`readAhead must be at most maxAckPending (got ${o.readAhead} > ${o.maxAckPending})`);
  if (o.tenantConcurrency > o.concurrency)
    problems.push(
      `tenantConcurrency must be at most concurrency (got ${o.tenantConcurrency} > ${o.concurrency})`,
    );
  for (const k of ['fairness', 'validateReplies'] as const)
    if (typeof o[k] !== 'boolean') problems.push(`${k} must be true or false (got ${String(o[k])})`);
  if (o.queryMaxDeadlineMs > MAX_TIMER_MS)
    problems.push(`queryMaxDeadlineMs must be at most ${MAX_TIMER_MS} (got ${o.queryMaxDeadlineMs})`);
  if (!Number.isInteger(o.deferReserve) || o.deferReserve < 0 || o.deferReserve >= o.maxDeliver) {
    problems.push(`deferReserve must be an integer from 0 to maxDeliver - 1 (got ${o.deferReserve})`);
  }
  if (!(o.retention.maxAgeMs > 0) || !(o.retention.maxBytes > 0))
    problems.push('retention.maxAgeMs and retention.maxBytes must be > 0');
  if (o.publishFormat !== 'json' && o.publishFormat !== 'protobuf')
    problems.push(`publishFormat must be json or protobuf (got ${String(o.publishFormat)})`);
  if (problems.length) throw new BusOptionsError(problems);
}

/** Fills in the defaults and checks the result; throws BusOptionsError naming every wrong setting. */
export function resolveBusOptions(options: BusOptions): ResolvedBusOptions {
  const maxAckPending = options.maxAckPending ?? 1000;
  const concurrency = options.concurrency ?? 64;
  const resolved: ResolvedBusOptions = {
    service: options.service,
    natsUrl: options.natsUrl,
    user: options.user,
    password: options.password,
    tlsCaFile: options.tlsCaFile,
    redisUrl: options.redisUrl,
    redis: options.redis,
    publishFormat: options.publishFormat ?? 'json',
    maxDeliver: options.maxDeliver ?? 5,
    ackWaitMs: options.ackWaitMs ?? 30_000,
    handlerTimeoutMs: options.handlerTimeoutMs ?? 5 * 60 * 1000,
    maxAckPending,
    concurrency,
    readAhead: options.readAhead ?? Math.max(1, Math.min(maxAckPending, 4 * concurrency)),
    fairness: options.fairness ?? true,
    tenantConcurrency: options.tenantConcurrency ?? concurrency,
    maxDelayedPerConsumer: options.maxDelayedPerConsumer ?? Math.max(1, Math.floor(maxAckPending / 4)),
    deferReserve: options.deferReserve ?? 1,
    retryDelayMs: options.retryDelayMs ?? 1000,
    maxRetryDelayMs: options.maxRetryDelayMs ?? 60_000,
    retention: options.retention ?? { maxAgeMs: 7 * DAY_MS, maxBytes: 1024 * 1024 * 1024 },
    replicas: options.replicas ?? 1,
    duplicateWindowMs: options.duplicateWindowMs ?? 2 * 60 * 1000,
    subjectPrefix: options.subjectPrefix ?? '',
    queryTimeoutMs: options.queryTimeoutMs ?? 5000,
    validateReplies: options.validateReplies ?? true,
    queryMaxDeadlineMs: options.queryMaxDeadlineMs ?? 60_000,
    lagIntervalMs: options.lagIntervalMs ?? 15_000,
    connectionName: options.connectionName ?? options.service,
    sweepStrays: options.sweepStrays ?? true,
    verifyRetryMs: options.verifyRetryMs ?? 5000,
  };
  validate(resolved);
  return resolved;
}
