import { describe, expect, it } from '@jest/globals';
import { loadGatewayConfig } from './config.js';
import { GatewayConfigError } from './errors.js';

describe('loadGatewayConfig', () => {
  it('configures no provider without an API key, so the local tier is the default', () => {
    const c = loadGatewayConfig({});
    expect(c.providers).toEqual([]);
    expect(c.cacheEnabled).toBe(true);
    expect(c.budgets).toEqual({
      tenantTokensPerDay: 0,
      tenantUsdPerDay: 0,
      taskTokensPerDay: 0,
      taskUsdPerDay: 0,
      tasks: {},
    });
  });

  it('configures OpenAI from OPENAI_API_KEY with the global resilience settings and known prices', () => {
    const c = loadGatewayConfig({ OPENAI_API_KEY: 'sk-test', LLM_TIMEOUT_MS: '5000' });
    expect(c.providers).toHaveLength(1);
    expect(c.providers[0]).toMatchObject({
      name: 'openai',
      kind: 'openai',
      model: 'gpt-4o-mini',
      timeoutMs: 5000,
      maxRetries: 2,
      price: { input: 0.15, output: 0.6 },
    });
  });

  it('reads an ordered provider list, with per-provider overrides and keys from named variables', () => {
    const c = loadGatewayConfig({
      LLM_PROVIDERS: JSON.stringify([
        {
          name: 'azure',
          kind: 'azure',
          baseURL: 'https://x.openai.azure.com',
          apiKeyEnv: 'AZ_KEY',
          apiVersion: '2024-10-21',
          model: 'gpt-4o',
        },
        {
          name: 'vllm',
          baseURL: 'http://vllm:8000/v1',
          model: 'qwen',
          timeoutMs: 60000,
          price: { input: 0, output: 0 },
        },
      ]),
      AZ_KEY: 'secret',
    });
    expect(c.providers.map((p) => p.name)).toEqual(['azure', 'vllm']);
    expect(c.providers[0]).toMatchObject({ apiKey: 'secret', timeoutMs: 15000 });
    expect(c.providers[1]).toMatchObject({
      kind: 'openai-compatible',
      timeoutMs: 60000,
      apiKey: 'not-needed',
    });
  });

  it('refuses a wrong configuration, naming every wrong setting', () => {
    let error: unknown;
    try {
      loadGatewayConfig({
        LLM_TIMEOUT_MS: 'soon',
        LLM_BREAKER_THRESHOLD: '2',
        LLM_PROVIDERS: JSON.stringify([
          { name: 'a', kind: 'azure', model: 'm' },
          { name: 'a', model: 'm', baseURL: 'http://x' },
        ]),
        LLM_BUDGET_TASKS: '{not json',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(GatewayConfigError);
    const issues = (error as GatewayConfigError).issues.join('\n');
    for (const name of [
      'LLM_TIMEOUT_MS',
      'LLM_BREAKER_THRESHOLD',
      'LLM_PROVIDERS.0.apiKey',
      'LLM_PROVIDERS.0.baseURL',
      'LLM_PROVIDERS.0.apiVersion',
      'LLM_PROVIDERS.1.name',
      'LLM_BUDGET_TASKS',
    ]) {
      expect(issues).toContain(name);
    }
  });
});
