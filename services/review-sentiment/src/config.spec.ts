import { describe, expect, it } from '@jest/globals';
import { ConfigError } from '@shopmind/service-kit';
import { loadConfig } from './config.js';

describe('review-sentiment configuration', () => {
  it('starts with defaults when nothing is set: port 8080, JSON, local-only LLM', () => {
    const c = loadConfig({});
    expect(c.httpPort).toBe(8080);
    expect(c.publishFormat).toBe('json');
    expect(c.bus.maxDeliver).toBe(5);
    expect(c.bus.replicas).toBe(1);
    expect(c.bus.retention).toEqual({ maxAgeMs: 7 * 24 * 60 * 60 * 1000, maxBytes: 1024 * 1024 * 1024 });
    expect(c.summary.debounceMs).toBe(1000);
    expect(c.llm.providers).toEqual([]);
    expect(c.llm.redisUrl).toBe(c.redisUrl);
  });

  it('refuses to start naming every wrong setting, its own and the gateway ones together', () => {
    let error: unknown;
    try {
      loadConfig({
        NATS_URL: 'http://nats',
        HTTP_PORT: '70000',
        SHOPMIND_PUBLISH_FORMAT: 'xml',
        REVIEW_SUMMARY_DEBOUNCE_MS: '-1',
        SHOPMIND_STREAM_MAX_BYTES: '10',
        LLM_PROVIDERS: '[{"name":"x"}]',
      });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    for (const name of [
      'NATS_URL',
      'HTTP_PORT',
      'SHOPMIND_PUBLISH_FORMAT',
      'REVIEW_SUMMARY_DEBOUNCE_MS',
      'SHOPMIND_STREAM_MAX_BYTES',
      'LLM_PROVIDERS.0.model',
    ]) {
      expect(problems).toContain(name);
    }
  });

  it('reads the bus and summary settings', () => {
    const c = loadConfig({
      SHOPMIND_BUS_MAX_DELIVER: '3',
      SHOPMIND_BUS_ACK_WAIT_MS: '5000',
      REVIEW_SUMMARY_QUOTES_KEPT: '4',
      SHOPMIND_PUBLISH_FORMAT: 'protobuf',
      SHOPMIND_STREAM_MAX_AGE_MS: '3600000',
      SHOPMIND_STREAM_MAX_BYTES: '10485760',
    });
    expect(c.bus).toMatchObject({ maxDeliver: 3, ackWaitMs: 5000 });
    expect(c.bus.retention).toEqual({ maxAgeMs: 3_600_000, maxBytes: 10_485_760 });
    expect(c.summary.quotesKept).toBe(4);
    expect(c.publishFormat).toBe('protobuf');
  });

  it('reads the summary locales as a default and per-shop overrides, and refuses one that is no locale', () => {
    expect(loadConfig({}).summary.locales).toEqual({ fallback: 'en', byTenant: {} });
    expect(loadConfig({ REVIEW_SUMMARY_LOCALES: 'zh-CN, acme=en, demo=zh' }).summary.locales).toEqual({
      fallback: 'zh-CN',
      byTenant: { acme: 'en', demo: 'zh' },
    });
    expect(() => loadConfig({ REVIEW_SUMMARY_LOCALES: 'en,acme=中文' })).toThrow(/REVIEW_SUMMARY_LOCALES/);
  });
});
