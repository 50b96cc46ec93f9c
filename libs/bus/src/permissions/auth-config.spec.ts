import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { ServiceCatalogue } from '@shopmind/contracts';
import {
  addTenantToAuthConfig,
  passwordVariable,
  renderAuthConfig,
  tenantsInAuthConfig,
} from './auth-config.js';
import { serviceUserPermissions, tenantConsumerNames, tenantPermissions } from './nats-permissions.js';
import { createTenantCredentials } from './tenant-credentials.js';

const shipped = join(import.meta.dirname, '..', '..', '..', '..', 'deploy', 'nats', 'auth.conf');

describe('deploy/nats/auth.conf', () => {
  it('is what the generator writes today (run `npm run nats-auth -- --write` when this fails)', () => {
    const current = readFileSync(shipped, 'utf8');
    expect(renderAuthConfig({ existing: current })).toBe(current);
  });

  it('names every user with a password from the environment and no anonymous user', () => {
    const text = renderAuthConfig();
    const users = [...text.matchAll(/^\s*user: "([^"]+)"\n\s*password: \$(\w+)$/gm)].map((m) => [m[1], m[2]]);
    expect(users).toEqual([
      ['admin', 'NATS_ADMIN_PASSWORD'],
      ...Object.values(ServiceCatalogue).map((s) => [s.name, passwordVariable(s.name)]),
      ['edge', 'NATS_EDGE_PASSWORD'],
    ]);
    expect(passwordVariable('review-sentiment')).toBe('NATS_REVIEW_SENTIMENT_PASSWORD');
    expect(text).not.toMatch(/no_auth_user/);
  });
});

describe('tenants in auth.conf', () => {
  it('adds a shop, replaces its entry when added again, and keeps shops when regenerating', () => {
    const a = createTenantCredentials('shop-a');
    const b = createTenantCredentials('shop-b');
    expect(a.publicKey).toMatch(/^U[A-Z2-7]{55}$/);
    expect(a.seed).toMatch(/^SU/);
    let text = addTenantToAuthConfig(renderAuthConfig(), 'shop-a', a.publicKey);
    text = addTenantToAuthConfig(text, 'shop-b', b.publicKey);
    const a2 = createTenantCredentials('shop-a');
    text = addTenantToAuthConfig(text, 'shop-a', a2.publicKey);
    expect(tenantsInAuthConfig(text)).toEqual(['shop-a', 'shop-b']);
    expect(text).not.toContain(a.publicKey);
    expect(text).toContain(a2.publicKey);
    expect(text).toContain(b.publicKey);
    expect(renderAuthConfig({ existing: text })).toBe(text);
  });

  it('refuses an invalid tenant id or a key that is not a user nkey', () => {
    expect(() => createTenantCredentials('a.b')).toThrow(/not a valid subject token/);
    expect(() => addTenantToAuthConfig(renderAuthConfig(), 'shop-a', 'not-a-key')).toThrow(/nkey/);
  });
});

describe('permissions', () => {
  it('lets a tenant use only its own five consumers, created filtered on its own results', () => {
    expect(tenantConsumerNames('acme')).toEqual(['acme', 'acme_1', 'acme_2', 'acme_3', 'acme_4']);
    const p = tenantPermissions('acme');
    const creates = p.publish.allow.filter((s) => s.includes('CONSUMER.CREATE'));
    expect(creates).toEqual(
      tenantConsumerNames('acme').map((n) => `$JS.API.CONSUMER.CREATE.AI_RESULTS.${n}.ai.acme.>`),
    );
    expect(p.subscribe.allow).toEqual(['ai.acme.>', '_INBOX.shop.acme.>']);
  });

  it('gives customer-service its asks and no other service results', () => {
    const p = serviceUserPermissions('customer-service');
    expect(p.publish.allow).toEqual(
      expect.arrayContaining(['q.*.recommendation.guide', 'q.*.graph.query', 'ai.*.support.replied']),
    );
    expect(p.publish.allow).not.toContain('ai.*.review.analysed');
    expect(p.allow_responses).toBe(true);
    expect(() => serviceUserPermissions('nobody')).toThrow(/unknown service/);
  });

  it('prefixes subjects and stream names with a namespace prefix', () => {
    const p = serviceUserPermissions('review-sentiment', { prefix: 'ns1' });
    expect(p.publish.allow).toContain(
      '$JS.API.CONSUMER.CREATE.NS1_SHOP_EVENTS.review-sentiment__review_submitted.ns1.shop.*.review.submitted',
    );
    expect(p.publish.allow).toContain('$JS.API.CONSUMER.CREATE.NS1_SHOP_EVENTS.shopmind__strays.ns1.>');
    expect(p.subscribe.allow).toContain('ns1.q.*.reviews.summary');
  });
});
