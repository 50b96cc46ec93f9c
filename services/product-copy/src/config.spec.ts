import { describe, expect, it } from '@jest/globals';
import { busOptionsOf, ConfigError } from '@shopmind/service-kit';
import { loadConfig } from './config.js';

describe('product-copy config', () => {
  it('has defaults and reads per-tenant locales, tone and channels', () => {
    const c = loadConfig({
      COPY_TENANTS: '{"acme":{"locales":["en","de"],"tone":"playful","channels":["web","social"]}}',
    });
    expect(c.defaults).toEqual({ locales: ['en'], tone: 'warm', channels: ['web'] });
    expect(c.tenants.acme).toEqual({ locales: ['en', 'de'], tone: 'playful', channels: ['web', 'social'] });
  });

  it('keeps its own bus defaults: port 8083, ack wait 60 s, 500 pending acks, 16 handlers at a time', () => {
    const c = loadConfig({});
    expect(c.service).toBe('product-copy');
    expect(c.httpPort).toBe(8083);
    expect(c.bus).toMatchObject({ ackWaitMs: 60_000, maxAckPending: 500, concurrency: 16 });
    expect(c.tombstoneTtlSeconds).toBe(30 * 24 * 3600);
  });

  it('refuses to start naming every wrong setting', () => {
    let message = '';
    try {
      loadConfig({ REDIS_URL: 'localhost', COPY_DEFAULT_CHANNELS: 'web,billboard', COPY_TENANTS: '{oops' });
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      message = (err as Error).message;
    }
    expect(message).toContain('REDIS_URL');
    expect(message).toContain('COPY_DEFAULT_CHANNELS');
    expect(message).toContain('COPY_TENANTS');
  });

  it("provisions the shared streams with the deployment's replicas and retention, like every other service", () => {
    const bus = busOptionsOf(
      loadConfig({
        SHOPMIND_STREAM_REPLICAS: '3',
        SHOPMIND_STREAM_MAX_AGE_MS: '86400000',
        SHOPMIND_STREAM_MAX_BYTES: '2097152',
        SHOPMIND_BUS_RETRY_DELAY_MS: '250',
      }),
    );
    expect(bus).toMatchObject({
      replicas: 3,
      retention: { maxAgeMs: 86_400_000, maxBytes: 2_097_152 },
      retryDelayMs: 250,
    });
    expect(busOptionsOf(loadConfig({}))).toMatchObject({
      replicas: 1,
      retention: { maxAgeMs: 604_800_000, maxBytes: 1_073_741_824 },
      retryDelayMs: 1000,
    });
  });
});
