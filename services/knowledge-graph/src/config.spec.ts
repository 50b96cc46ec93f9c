import { describe, expect, it } from '@jest/globals';
import { ConfigError, loadConfig } from './config.js';

describe('knowledge-graph config', () => {
  it('starts with defaults and no LLM provider', () => {
    const c = loadConfig({});
    expect(c.queryLimit).toBe(50);
    expect(c.llm.providers).toEqual([]);
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
});
