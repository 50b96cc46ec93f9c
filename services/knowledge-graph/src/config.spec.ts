import { describe, expect, it } from '@jest/globals';
import { busOptionsOf, ConfigError } from '@shopmind/service-kit';
import { loadConfig } from './config.js';

describe('knowledge-graph config', () => {
  it('starts with defaults and no LLM provider', () => {
    const c = loadConfig({});
    expect(c.queryLimit).toBe(50);
    expect(c.llm.providers).toEqual([]);
  });

  it('keeps its own defaults: HTTP port 8084, 32 handlers in flight, consumers named knowledge-graph', () => {
    const c = loadConfig({});
    expect(c.httpPort).toBe(8084);
    expect(c.bus.concurrency).toBe(32);
    expect(c.similar).toEqual({ topK: 5, threshold: 0.3 });
    expect(c.tombstoneTtlSeconds).toBe(30 * 24 * 3600);
    expect(c.aliases).toEqual({});
    expect(busOptionsOf(c)).toMatchObject({ service: 'knowledge-graph', concurrency: 32 });
  });

  it('refuses to start naming every wrong setting', () => {
    expect(() => loadConfig({ NATS_URL: 'http://x', KG_QUERY_LIMIT: '0', KG_ALIASES: '[1]' })).toThrow(
      ConfigError,
    );
    try {
      loadConfig({ NATS_URL: 'http://x', KG_QUERY_LIMIT: '0', KG_ALIASES: '[1]' });
    } catch (err) {
      const text = (err as ConfigError).message;
      expect(text).toContain('NATS_URL');
      expect(text).toContain('KG_QUERY_LIMIT');
      expect(text).toContain('KG_ALIASES');
    }
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
