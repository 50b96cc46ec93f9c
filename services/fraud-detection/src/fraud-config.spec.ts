import { describe, expect, it } from '@jest/globals';
import { ConfigError, loadFraudConfig } from './fraud-config.js';

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

  it('requires a hashing secret in production', () => {
    expect(() => loadFraudConfig({ NODE_ENV: 'production' })).toThrow(
      /FRAUD_HASH_SECRET: is required in production/,
    );
  });
});
