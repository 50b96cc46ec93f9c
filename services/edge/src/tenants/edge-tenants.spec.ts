// Tenants and the edge's settings: API keys found by their hash only, secrets per platform, and a
// start refused with every problem named.
import { describe, expect, it } from '@jest/globals';
import { ConfigError } from '@shopmind/service-kit';
import { edgeConfig } from '../config.js';
import { EdgeTenants, apiKeyHash } from './edge-tenants.js';

const tenants = new EdgeTenants({
  acme: {
    apiKeys: [apiKeyHash('acme-key-1'), apiKeyHash('acme-key-2').toUpperCase()],
    shopify: { secret: 's'.repeat(16) },
  },
  globex: { apiKeys: [apiKeyHash('globex-key')], webhook: { secret: 'g'.repeat(16) } },
});

describe('EdgeTenants', () => {
  it('finds the tenant of an API key by its SHA-256 hash, and no tenant for any other key', () => {
    expect(tenants.byApiKey('acme-key-1')).toBe('acme');
    expect(tenants.byApiKey('acme-key-2')).toBe('acme');
    expect(tenants.byApiKey('globex-key')).toBe('globex');
    expect(tenants.byApiKey('acme-key-3')).toBeUndefined();
    expect(tenants.byApiKey(apiKeyHash('acme-key-1'))).toBeUndefined();
  });

  it('gives the secret of each configured platform, none for the others or unknown tenants', () => {
    expect(tenants.secretFor('acme', 'shopify')).toBe('s'.repeat(16));
    expect(tenants.secretFor('acme', 'woocommerce')).toBeUndefined();
    expect(tenants.secretFor('globex', 'generic')).toBe('g'.repeat(16));
    expect(tenants.secretFor('initech', 'shopify')).toBeUndefined();
    expect(tenants.secretFor('constructor', 'shopify')).toBeUndefined();
  });
});

describe('edge settings', () => {
  it('refuses a production start without EDGE_CARD_FINGERPRINT_SECRET, and bad tenants, naming each problem', () => {
    let error: ConfigError | undefined;
    try {
      edgeConfig.load({
        NODE_ENV: 'production',
        EDGE_TENANTS: JSON.stringify({
          'Bad.Tenant': {},
          acme: { apiKeys: ['plain-key'], shopify: { secret: 'short' } },
        }),
      });
    } catch (err) {
      error = err as ConfigError;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const text = error!.problems.join('\n');
    expect(text).toContain('EDGE_CARD_FINGERPRINT_SECRET: is required in production');
    expect(text).toContain('Bad.Tenant');
    expect(text).toContain('acme.apiKeys.0: must be the SHA-256 hex hash of a key');
    expect(text).toContain('acme.shopify.secret');
  });

  it('defaults to 1 MiB bodies and 48 hours of de-duplication, and refuses less than 48', () => {
    const config = edgeConfig.load({});
    expect(config.webhooks).toEqual({ maxBytes: 1024 * 1024, dedupeTtlSeconds: 48 * 3600 });
    expect(() => edgeConfig.load({ EDGE_WEBHOOK_DEDUPE_HOURS: '2' })).toThrow(/EDGE_WEBHOOK_DEDUPE_HOURS/);
  });
});
