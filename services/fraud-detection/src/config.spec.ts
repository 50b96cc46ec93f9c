import { describe, expect, it } from '@jest/globals';
import { ConfigError, loadFraudConfig } from './fraud-config.js';
import { busOptionsOf } from './fraud-detection.module.js';

describe('fraud-detection configuration', () => {
  it('starts with defaults for local development', () => {
    const c = loadFraudConfig({});
    expect(c).toMatchObject({
      natsUrl: 'nats://127.0.0.1:4222',
      httpPort: 3006,
      publishFormat: 'json',
      usingDevSecret: true,
    });
    expect(c.rulesFile).toMatch(/rules\/default\.yaml$/);
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
      replicas: 3,
      retention: { maxAgeMs: 3_600_000, maxBytes: 10_485_760 },
      retryDelayMs: 250,
    });
  });

  it('defaults the stream settings to the bus defaults', () => {
    expect(loadFraudConfig({}).bus).toEqual({
      replicas: 1,
      retention: { maxAgeMs: 7 * 24 * 60 * 60 * 1000, maxBytes: 1024 * 1024 * 1024 },
      retryDelayMs: 1000,
    });
  });

  it('refuses stream settings the bus cannot use, naming each', () => {
    try {
      loadFraudConfig({
        SHOPMIND_STREAM_REPLICAS: '0',
        SHOPMIND_STREAM_MAX_AGE_MS: '5',
        SHOPMIND_STREAM_MAX_BYTES: '10',
        SHOPMIND_BUS_RETRY_DELAY_MS: 'soon',
        SHOPMIND_SUBJECT_PREFIX: 'bad prefix',
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
      ])
        expect(problems).toContain(name);
    }
  });

  it('requires a hashing secret in production', () => {
    expect(() => loadFraudConfig({ NODE_ENV: 'production' })).toThrow(
      /FRAUD_HASH_SECRET: is required in production/,
    );
  });
});
