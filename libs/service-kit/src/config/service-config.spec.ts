import { describe, expect, it } from '@jest/globals';
import { z } from 'zod';
import { ConfigError, busOptionsOf, defineServiceConfig } from './service-config.js';

const demo = defineServiceConfig({
  service: 'demo',
  defaults: { httpPort: 9001, concurrency: 8 },
  env: {
    DEMO_LIMIT: z.coerce.number().int().min(1).default(10),
    DEMO_MODE: z.enum(['fast', 'careful']).default('fast'),
  },
  check: (e) =>
    e.DEMO_MODE === 'careful' && (e.DEMO_LIMIT ?? 0) > 5 ? ['DEMO_LIMIT: at most 5 in careful mode'] : [],
  settings: (e) => ({ limit: e.DEMO_LIMIT, mode: e.DEMO_MODE }),
});

describe('defineServiceConfig', () => {
  it('gives the shared settings with the service defaults, the gateway settings and its own', () => {
    const c = demo.load({});
    expect(c).toMatchObject({
      service: 'demo',
      natsUrl: 'nats://127.0.0.1:4222',
      redisUrl: 'redis://127.0.0.1:6379',
      httpPort: 9001,
      shutdownGraceMs: 25_000,
      readinessTimeoutMs: 1000,
      limit: 10,
      mode: 'fast',
    });
    expect(c.bus).toMatchObject({
      concurrency: 8,
      maxDeliver: 5,
      ackWaitMs: 30_000,
      maxAckPending: 1000,
      queryMaxDeadlineMs: 60_000,
    });
    expect(c.llm.providers).toEqual([]);
    expect(c.llm.redisUrl).toBe(c.redisUrl);
  });

  it('lists every problem, shared, own and the gateway ones, in one ConfigError before refusing', () => {
    let error: unknown;
    try {
      demo.load({
        NATS_URL: 'http://nats',
        SHOPMIND_SHUTDOWN_GRACE_MS: '5',
        DEMO_LIMIT: '0',
        DEMO_MODE: 'reckless',
        LLM_PROVIDERS: '[{"name":"x"}]',
      });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const e = error as ConfigError;
    expect(e.service).toBe('demo');
    expect(e.message).toMatch(/^demo refuses to start:/);
    const problems = e.problems.join('\n');
    for (const name of [
      'NATS_URL',
      'SHOPMIND_SHUTDOWN_GRACE_MS',
      'DEMO_LIMIT',
      'DEMO_MODE',
      'LLM_PROVIDERS.0.model',
    ])
      expect(problems).toContain(name);
  });

  it('lists a cross-variable problem together with the other wrong variables, once per variable', () => {
    let error: unknown;
    try {
      demo.load({ NATS_URL: 'http://nats', DEMO_MODE: 'careful' });
    } catch (err) {
      error = err;
    }
    expect((error as ConfigError).problems).toEqual([
      expect.stringContaining('NATS_URL'),
      'DEMO_LIMIT: at most 5 in careful mode',
    ]);
    // DEMO_LIMIT wrong on its own: its own problem, not the rule's as well.
    expect(() => demo.load({ DEMO_MODE: 'careful', DEMO_LIMIT: '0' })).toThrow(
      expect.objectContaining({ problems: [expect.stringMatching(/^DEMO_LIMIT: /)] }),
    );
  });

  it('runs the cross-variable check on a valid environment', () => {
    expect(() => demo.load({ DEMO_MODE: 'careful' })).toThrow(/DEMO_LIMIT: at most 5 in careful mode/);
    expect(demo.load({ DEMO_MODE: 'careful', DEMO_LIMIT: '3' }).limit).toBe(3);
  });

  it('treats an empty variable as not set, as compose files and Kubernetes pass them', () => {
    expect(demo.load({ HTTP_PORT: '', DEMO_LIMIT: '' })).toMatchObject({ httpPort: 9001, limit: 10 });
  });

  it('hands every shared bus setting to the bus, none picked by hand', () => {
    const c = demo.load({
      SHOPMIND_BUS_MAX_DELIVER: '7',
      SHOPMIND_BUS_ACK_WAIT_MS: '9000',
      SHOPMIND_BUS_MAX_ACK_PENDING: '33',
      SHOPMIND_BUS_CONCURRENCY: '3',
      SHOPMIND_BUS_RETRY_DELAY_MS: '250',
      SHOPMIND_STREAM_REPLICAS: '3',
      SHOPMIND_STREAM_MAX_AGE_MS: '60000',
      SHOPMIND_STREAM_MAX_BYTES: '2097152',
      SHOPMIND_PUBLISH_FORMAT: 'protobuf',
      SHOPMIND_SUBJECT_PREFIX: 'stage',
      SHOPMIND_QUERY_MAX_DEADLINE_MS: '5000',
      SHOPMIND_BUS_READ_AHEAD: '30',
      SHOPMIND_BUS_FAIRNESS: 'false',
      SHOPMIND_BUS_TENANT_CONCURRENCY: '2',
      SHOPMIND_BUS_VERIFY_RETRY_MS: '700',
      SHOPMIND_BUS_VALIDATE_REPLIES: 'false',
    });
    expect(busOptionsOf(c)).toEqual({
      service: 'demo',
      natsUrl: 'nats://127.0.0.1:4222',
      redisUrl: 'redis://127.0.0.1:6379',
      redis: { kind: 'single', url: 'redis://127.0.0.1:6379' },
      publishFormat: 'protobuf',
      subjectPrefix: 'stage',
      replicas: 3,
      retention: { maxAgeMs: 60_000, maxBytes: 2_097_152 },
      maxDeliver: 7,
      ackWaitMs: 9000,
      maxAckPending: 33,
      concurrency: 3,
      readAhead: 30,
      fairness: false,
      tenantConcurrency: 2,
      validateReplies: false,
      retryDelayMs: 250,
      queryMaxDeadlineMs: 5000,
      verifyRetryMs: 700,
    });
  });

  it('hands the NATS credentials and CA file to the bus and puts the Redis ones, URL-encoded, into every Redis URL', () => {
    const c = demo.load({
      NATS_URL: 'tls://nats.internal:4222',
      NATS_USER: 'demo',
      NATS_PASSWORD: 'n@ts:secret',
      NATS_TLS_CA_FILE: '/etc/shopmind/ca.pem',
      REDIS_URL: 'redis://redis.internal:6379/2',
      REDIS_PASSWORD: 'p@ss/w:rd%',
    });
    expect(busOptionsOf(c)).toMatchObject({
      natsUrl: 'tls://nats.internal:4222',
      user: 'demo',
      password: 'n@ts:secret',
      tlsCaFile: '/etc/shopmind/ca.pem',
    });
    const url = new URL(c.redisUrl);
    expect(url.host).toBe('redis.internal:6379');
    expect(url.pathname).toBe('/2');
    expect(decodeURIComponent(url.password)).toBe('p@ss/w:rd%');
    expect(url.username).toBe('');
    // The gateway's own Redis client gets the same credentials.
    expect(c.llm.redisUrl).toBe(c.redisUrl);
    const named = demo.load({ REDIS_USERNAME: 'svc user', REDIS_PASSWORD: 'x' });
    expect(decodeURIComponent(new URL(named.redisUrl).username)).toBe('svc user');
  });

  it('selects a Redis Cluster or a Sentinel master for the bus and the gateway alike, credentials on every node', () => {
    const clustered = demo.load({
      REDIS_CLUSTER_NODES: 'redis-0:6379,redis-1:6379',
      REDIS_USERNAME: 'demo',
      REDIS_PASSWORD: 'pw',
    });
    const cluster = {
      kind: 'cluster',
      nodes: [
        { host: 'redis-0', port: 6379 },
        { host: 'redis-1', port: 6379 },
      ],
      username: 'demo',
      password: 'pw',
    };
    expect(clustered.redis).toEqual(cluster);
    expect(busOptionsOf(clustered).redis).toEqual(cluster);
    expect(clustered.llm.redis).toEqual(cluster); // the same endpoint: the gateway shares the bus's connection
    const sentinel = demo.load({ REDIS_SENTINELS: 's-0:26379', REDIS_SENTINEL_NAME: 'shopmind' });
    expect(sentinel.redis).toEqual({
      kind: 'sentinel',
      sentinels: [{ host: 's-0', port: 26379 }],
      name: 'shopmind',
    });
    expect(sentinel.llm.redis).toEqual(sentinel.redis);
  });

  it('refuses Redis Cluster nodes beside Sentinels (or beside REDIS_URL), naming the settings once', () => {
    let error: unknown;
    try {
      demo.load({ REDIS_CLUSTER_NODES: 'a:1', REDIS_SENTINELS: 'b:2', REDIS_URL: 'redis://c:3' });
    } catch (err) {
      error = err;
    }
    expect((error as ConfigError).problems).toEqual([
      'REDIS_CLUSTER_NODES: set together with REDIS_SENTINELS; set one (a Redis Cluster or a Sentinel-managed master)',
      'REDIS_URL: set together with REDIS_CLUSTER_NODES; leave it empty (the nodes say where Redis is)',
      'REDIS_URL: set together with REDIS_SENTINELS; leave it empty (the nodes say where Redis is)',
      'REDIS_SENTINEL_NAME: required with REDIS_SENTINELS (the master group they watch)',
    ]);
  });

  it('refuses a NATS user without a password (and the reverse) without printing a secret', () => {
    let error: unknown;
    try {
      demo.load({ NATS_PASSWORD: 'do-not-print-me', REDIS_USERNAME: 'svc' });
    } catch (err) {
      error = err;
    }
    expect((error as ConfigError).problems).toEqual([
      'NATS_USER: required with NATS_PASSWORD',
      'REDIS_PASSWORD: required with REDIS_USERNAME',
    ]);
    expect((error as ConfigError).message).not.toContain('do-not-print-me');
    expect(() => demo.load({ NATS_USER: 'demo' })).toThrow(/NATS_PASSWORD: required with NATS_USER/);
  });

  it('leaves the read-ahead window and the per-shop cap to the bus unless set, fairness on', () => {
    const c = demo.load({});
    expect(busOptionsOf(c)).toMatchObject({
      readAhead: undefined,
      fairness: true,
      tenantConcurrency: undefined,
    });
    expect(() => demo.load({ SHOPMIND_BUS_FAIRNESS: 'yes' })).toThrow(/SHOPMIND_BUS_FAIRNESS/);
  });

  it('validates query replies except under NODE_ENV=production, unless SHOPMIND_BUS_VALIDATE_REPLIES says otherwise', () => {
    const validates = (env: Record<string, string>) => busOptionsOf(demo.load(env)).validateReplies;
    expect(validates({})).toBe(true);
    expect(validates({ NODE_ENV: 'test' })).toBe(true);
    expect(validates({ NODE_ENV: 'production' })).toBe(false);
    expect(validates({ NODE_ENV: 'production', SHOPMIND_BUS_VALIDATE_REPLIES: 'true' })).toBe(true);
    expect(validates({ SHOPMIND_BUS_VALIDATE_REPLIES: 'false' })).toBe(false);
    // Empty counts as unset, as for every setting.
    expect(validates({ NODE_ENV: 'production', SHOPMIND_BUS_VALIDATE_REPLIES: '' })).toBe(false);
    expect(() => demo.load({ SHOPMIND_BUS_VALIDATE_REPLIES: 'off' })).toThrow(
      /SHOPMIND_BUS_VALIDATE_REPLIES: must be true or false/,
    );
  });

  it('refuses a query deadline maximum past what a timer holds (2^31 - 1 ms)', () => {
    expect(() => demo.load({ SHOPMIND_QUERY_MAX_DEADLINE_MS: String(2 ** 31) })).toThrow(
      /SHOPMIND_QUERY_MAX_DEADLINE_MS/,
    );
  });
});
