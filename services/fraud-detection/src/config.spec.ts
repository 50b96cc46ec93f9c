import { describe, expect, it } from '@jest/globals';
import { resolveBusOptions } from '@shopmind/bus';
import { busOptionsOf, ConfigError } from '@shopmind/service-kit';
import { loadFraudConfig } from './config.js';

describe('fraud-detection configuration', () => {
  it('starts with defaults for local development', () => {
    const c = loadFraudConfig({});
    expect(c).toMatchObject({
      service: 'fraud-detection',
      natsUrl: 'nats://127.0.0.1:4222',
      httpPort: 3006,
      publishFormat: 'json',
      usingDevSecret: true,
      rulesReloadMs: 1000,
      auditMaxLen: 100_000,
      reviewTtlMs: 90 * 86_400_000,
    });
    expect(c.rulesFile).toMatch(/rules\/default\.yaml$/);
    expect(c.modelFile).toMatch(/model\/weights\.json$/);
    expect(c.llm.providers).toEqual([]);
  });

  it('refuses to start naming every wrong setting', () => {
    try {
      loadFraudConfig({
        NATS_URL: 'http://x',
        HTTP_PORT: 'eighty',
        SHOPMIND_PUBLISH_FORMAT: 'xml',
        FRAUD_HASH_SECRET: 'short',
      });
      throw new Error('expected a ConfigError');
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      const problems = (e as ConfigError).problems.join('\n');
      for (const name of ['NATS_URL', 'HTTP_PORT', 'SHOPMIND_PUBLISH_FORMAT', 'FRAUD_HASH_SECRET'])
        expect(problems).toContain(name);
    }
  });

  it('passes the shared stream settings to the bus so a start does not reset production streams', () => {
    const c = loadFraudConfig({
      SHOPMIND_STREAM_REPLICAS: '3',
      SHOPMIND_STREAM_MAX_AGE_MS: '3600000',
      SHOPMIND_STREAM_MAX_BYTES: '10485760',
      SHOPMIND_BUS_RETRY_DELAY_MS: '250',
    });
    expect(busOptionsOf(c)).toMatchObject({
      service: 'fraud-detection',
      replicas: 3,
      retention: { maxAgeMs: 3_600_000, maxBytes: 10_485_760 },
      retryDelayMs: 250,
    });
  });

  it('defaults the stream settings to the bus defaults', () => {
    expect(loadFraudConfig({}).bus).toMatchObject({
      replicas: 1,
      retention: { maxAgeMs: 7 * 24 * 60 * 60 * 1000, maxBytes: 1024 * 1024 * 1024 },
      retryDelayMs: 1000,
    });
  });

  // The one behaviour change of the move to the service kit: these four were ignored before.
  it('keeps the delivery defaults the bus used for it before: max deliver 5, ack wait 30 s, 1000 pending, 64 at a time', () => {
    const c = loadFraudConfig({});
    expect(c.bus).toMatchObject({ maxDeliver: 5, ackWaitMs: 30_000, maxAckPending: 1000, concurrency: 64 });
    // What the bus resolved from the options fraud-detection passed before (no delivery settings).
    const before = resolveBusOptions({
      service: 'fraud-detection',
      natsUrl: c.natsUrl,
      redisUrl: c.redisUrl,
      redis: c.redis, // the same Redis, now also as an endpoint (issue 19)
      publishFormat: c.publishFormat,
      subjectPrefix: c.subjectPrefix,
      replicas: c.bus.replicas,
      retention: c.bus.retention,
      retryDelayMs: c.bus.retryDelayMs,
    });
    expect(resolveBusOptions(busOptionsOf(c))).toEqual(before);
  });

  it.each([
    ['SHOPMIND_BUS_MAX_DELIVER', '9', { maxDeliver: 9 }],
    ['SHOPMIND_BUS_ACK_WAIT_MS', '45000', { ackWaitMs: 45_000 }],
    ['SHOPMIND_BUS_MAX_ACK_PENDING', '250', { maxAckPending: 250 }],
    ['SHOPMIND_BUS_CONCURRENCY', '8', { concurrency: 8 }],
  ])('now honours %s: it reaches the bus options', (name, value, expected) => {
    const options = busOptionsOf(loadFraudConfig({ [name]: value }));
    expect(options).toMatchObject(expected);
    expect(resolveBusOptions(options)).toMatchObject(expected);
  });

  it('refuses stream settings the bus cannot use, naming each', () => {
    try {
      loadFraudConfig({
        SHOPMIND_STREAM_REPLICAS: '0',
        SHOPMIND_STREAM_MAX_AGE_MS: '5',
        SHOPMIND_STREAM_MAX_BYTES: '10',
        SHOPMIND_BUS_RETRY_DELAY_MS: 'soon',
        SHOPMIND_SUBJECT_PREFIX: 'bad prefix',
        SHOPMIND_BUS_MAX_DELIVER: '0',
        SHOPMIND_BUS_ACK_WAIT_MS: '10',
        SHOPMIND_BUS_MAX_ACK_PENDING: 'many',
        SHOPMIND_BUS_CONCURRENCY: '0',
      });
      throw new Error('expected a ConfigError');
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      const problems = (e as ConfigError).problems.join('\n');
      for (const name of [
        'SHOPMIND_STREAM_REPLICAS',
        'SHOPMIND_STREAM_MAX_AGE_MS',
        'SHOPMIND_STREAM_MAX_BYTES',
        'SHOPMIND_BUS_RETRY_DELAY_MS',
        'SHOPMIND_SUBJECT_PREFIX',
        'SHOPMIND_BUS_MAX_DELIVER',
        'SHOPMIND_BUS_ACK_WAIT_MS',
        'SHOPMIND_BUS_MAX_ACK_PENDING',
        'SHOPMIND_BUS_CONCURRENCY',
      ])
        expect(problems).toContain(name);
    }
  });

  it('requires a hashing secret in production', () => {
    expect(() => loadFraudConfig({ NODE_ENV: 'production' })).toThrow(
      /FRAUD_HASH_SECRET: is required in production/,
    );
    expect(loadFraudConfig({ NODE_ENV: 'production', FRAUD_HASH_SECRET: 'x'.repeat(16) })).toMatchObject({
      usingDevSecret: false,
      hashSecret: 'x'.repeat(16),
    });
  });
});
