// What every command is given: the connection settings from its flags and the environment, lazily
// opened NATS and Redis connections (closed when the command ends), the output, and --json.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  connect,
  nkeyAuthenticator,
  type NatsConnection,
  type NodeConnectionOptions,
} from '@nats-io/transport-node';
import { jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream';
import { TENANT_PATTERN } from '@shopmind/contracts';
import {
  createRedisConnection,
  describeRedisEndpoint,
  redisEndpointFromEnv,
  RedisEndpointError,
  type RedisConnection,
  type RedisEndpoint,
  type RedisEnv,
} from '@shopmind/redis';
import type { CliIo } from './cli-io.js';
import { UnreachableError, UsageError } from './exit-codes.js';

/** The connection flags every command takes (see connectionOptions in run-cli.ts). */
export interface ConnectionArgs {
  natsUrl?: string;
  user?: string;
  password?: string;
  nkey?: string;
  tenant?: string;
  tlsCa?: string;
  redisUrl?: string;
  prefix?: string;
  json?: boolean;
}

export interface ConnectionSettings {
  natsUrl: string;
  user?: string;
  password?: string;
  /** Path of a shop's nkey seed file. */
  nkey?: string;
  tenant?: string;
  tlsCa?: string;
  /** With REDIS_USERNAME / REDIS_PASSWORD put into it, as the service kit does. */
  redisUrl: string;
  /**
   * Where Redis is, as the services read it: REDIS_CLUSTER_NODES (a Redis Cluster), REDIS_SENTINELS
   * + REDIS_SENTINEL_NAME, or the URL above. `--redis-url` selects the single server it names.
   */
  redis: RedisEndpoint;
  /** The namespace prefix (SHOPMIND_SUBJECT_PREFIX); empty in deployments. */
  prefix: string;
}

export const DEFAULT_NATS_URL = 'nats://127.0.0.1:4222';
export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

/** Flags win over the environment (the same variables the services read), which wins over defaults. */
export function connectionSettings(args: ConnectionArgs, env: CliIo['env']): ConnectionSettings {
  const nonEmpty = (v: string | undefined) => (v === undefined || v === '' ? undefined : v);
  const redisUrl = withRedisCredentials(
    args.redisUrl ?? nonEmpty(env.REDIS_URL) ?? DEFAULT_REDIS_URL,
    nonEmpty(env.REDIS_USERNAME),
    nonEmpty(env.REDIS_PASSWORD),
  );
  const redis = redisEndpointOfCli(args, env, redisUrl);
  const prefix = args.prefix ?? env.SHOPMIND_SUBJECT_PREFIX ?? '';
  if (prefix && !/^[A-Za-z0-9_-]+$/.test(prefix))
    throw new UsageError(
      `--prefix ${JSON.stringify(prefix)} must be one subject token (letters, digits, - or _)`,
    );
  if (args.tenant !== undefined && !TENANT_PATTERN.test(args.tenant))
    throw new UsageError(
      `--tenant ${JSON.stringify(args.tenant)} is not a valid tenant id (${TENANT_PATTERN.source})`,
    );
  if (args.nkey && !args.tenant)
    throw new UsageError('--nkey needs --tenant: a shop may only use its own inbox, _INBOX.shop.<tenant>');
  return {
    natsUrl: args.natsUrl ?? nonEmpty(env.NATS_URL) ?? DEFAULT_NATS_URL,
    user: args.user ?? nonEmpty(env.NATS_USER),
    password: args.password ?? nonEmpty(env.NATS_PASSWORD),
    nkey: args.nkey,
    tenant: args.tenant,
    tlsCa: args.tlsCa ?? nonEmpty(env.NATS_TLS_CA_FILE),
    redisUrl,
    redis,
    prefix,
  };
}

/** The services' Redis settings (`@shopmind/redis`), the flag winning over all of them. */
function redisEndpointOfCli(args: ConnectionArgs, env: CliIo['env'], redisUrl: string): RedisEndpoint {
  const settings: RedisEnv = {
    REDIS_URL: args.redisUrl ?? env.REDIS_URL,
    REDIS_CLUSTER_NODES: args.redisUrl === undefined ? env.REDIS_CLUSTER_NODES : undefined,
    REDIS_SENTINELS: args.redisUrl === undefined ? env.REDIS_SENTINELS : undefined,
    REDIS_SENTINEL_NAME: env.REDIS_SENTINEL_NAME,
    REDIS_SENTINEL_PASSWORD: env.REDIS_SENTINEL_PASSWORD,
    REDIS_TLS: env.REDIS_TLS,
    REDIS_USERNAME: env.REDIS_USERNAME,
    REDIS_PASSWORD: env.REDIS_PASSWORD,
  };
  let endpoint: RedisEndpoint;
  try {
    endpoint = redisEndpointFromEnv(settings, DEFAULT_REDIS_URL);
  } catch (err) {
    if (err instanceof RedisEndpointError) throw new UsageError(err.message);
    throw err;
  }
  // A single server keeps the URL as the CLI always built it (credentials in the URL win).
  return endpoint.kind === 'single' ? { kind: 'single', url: redisUrl } : endpoint;
}

/** Puts a user name and password into a Redis URL that has none (URL-encoded). */
export function withRedisCredentials(url: string, username?: string, password?: string): string {
  if (!password && !username) return url;
  const parsed = new URL(url);
  if (parsed.password || parsed.username) return url;
  if (username) parsed.username = encodeURIComponent(username);
  if (password) parsed.password = encodeURIComponent(password);
  return parsed.toString();
}

/** The URL without a password, for messages. */
export function redactedUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return url;
  }
}

export function natsConnectionOptions(s: ConnectionSettings, cwd: string): NodeConnectionOptions {
  const options: NodeConnectionOptions = {
    // Several servers of a cluster, comma-separated, as the services take NATS_URL.
    servers: s.natsUrl.includes(',')
      ? s.natsUrl
          .split(',')
          .map((u) => u.trim())
          .filter(Boolean)
      : s.natsUrl,
    name: 'shopmind-cli',
    // A command either reaches the server now or reports that it cannot.
    maxReconnectAttempts: 0,
    timeout: 5000,
  };
  if (s.nkey) {
    const seed = readFileSync(resolve(cwd, s.nkey), 'utf8').trim();
    options.authenticator = nkeyAuthenticator(new TextEncoder().encode(seed));
    options.inboxPrefix = `_INBOX.shop.${s.tenant}`;
  } else if (s.user) {
    options.user = s.user;
    options.pass = s.password ?? '';
  }
  if (s.tlsCa) options.tls = { caFile: resolve(cwd, s.tlsCa) };
  return options;
}

export class CommandContext {
  readonly settings: ConnectionSettings;
  readonly json: boolean;
  private nc?: Promise<NatsConnection>;
  private redisClient?: RedisConnection;

  constructor(
    readonly io: CliIo,
    args: ConnectionArgs,
  ) {
    this.settings = connectionSettings(args, io.env);
    this.json = args.json ?? false;
  }

  get prefix(): string {
    return this.settings.prefix;
  }

  /** The NATS connection (opened on first use); UnreachableError when it cannot be had. */
  async nats(): Promise<NatsConnection> {
    this.nc ??= connect(natsConnectionOptions(this.settings, this.io.cwd)).catch((err: unknown) => {
      throw new UnreachableError(
        `cannot connect to NATS at ${redactedUrl(this.settings.natsUrl)}: ${err instanceof Error ? err.message : String(err)}`,
        { cause: err },
      );
    });
    return this.nc;
  }

  async jsm(): Promise<JetStreamManager> {
    const nc = await this.nats();
    return jetstreamManager(nc, { checkAPI: false });
  }

  async js(): Promise<JetStreamClient> {
    return jetstream(await this.nats());
  }

  /** The Redis connection (opened on first use); UnreachableError when it does not answer. */
  async redis(): Promise<RedisConnection> {
    if (!this.redisClient) {
      this.redisClient = createRedisConnection(this.settings.redis, {
        lazyConnect: true,
        maxRetriesPerRequest: 0,
        enableOfflineQueue: false,
        retryStrategy: () => null,
        connectTimeout: 5000,
      });
      // Errors surface through connect() / commands; without a listener ioredis would print them.
      this.redisClient.on('error', () => {});
      try {
        await this.redisClient.connect();
      } catch (err) {
        throw new UnreachableError(
          `cannot connect to Redis at ${this.redisTarget}: ${err instanceof Error ? err.message : String(err)}`,
          { cause: err },
        );
      }
    }
    return this.redisClient;
  }

  /** Where Redis is, without credentials (for messages). */
  get redisTarget(): string {
    const r = this.settings.redis;
    return r.kind === 'single' ? redactedUrl(r.url) : describeRedisEndpoint(r);
  }

  /** Writes a value as one JSON line. */
  outJson(value: unknown): void {
    this.io.out(JSON.stringify(value));
  }

  async close(): Promise<void> {
    const nc = await this.nc?.catch(() => undefined);
    if (nc && !nc.isClosed()) await nc.drain().catch(() => nc.close());
    this.redisClient?.disconnect();
  }
}
