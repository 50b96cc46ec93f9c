// The tenant registry: which shop an API key belongs to, and a shop's webhook secret per platform.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { TenantsSettings } from './tenant-settings.js';

/** The platforms whose webhooks the edge takes; `generic` is ShopMind's own signed JSON webhook. */
export const WEBHOOK_PLATFORMS = ['shopify', 'woocommerce', 'generic'] as const;
export type WebhookPlatform = (typeof WEBHOOK_PLATFORMS)[number];

export class EdgeTenants {
  private readonly keyHashes: { tenant: string; hash: Buffer }[];

  constructor(private readonly tenants: TenantsSettings) {
    this.keyHashes = Object.entries(tenants).flatMap(([tenant, t]) =>
      t.apiKeys.map((hex) => ({ tenant, hash: Buffer.from(hex.toLowerCase(), 'hex') })),
    );
  }

  /** The tenant ids, sorted. */
  get ids(): string[] {
    return Object.keys(this.tenants).sort();
  }

  has(tenant: string): boolean {
    return Object.hasOwn(this.tenants, tenant);
  }

  /**
   * The tenant whose API key this is, or undefined. Every configured hash is compared in constant
   * time, and all of them always, so the time taken says nothing about which (if any) matched.
   */
  byApiKey(key: string): string | undefined {
    const hash = createHash('sha256').update(key, 'utf8').digest();
    let found: string | undefined;
    for (const entry of this.keyHashes) {
      if (timingSafeEqual(entry.hash, hash) && found === undefined) found = entry.tenant;
    }
    return found;
  }

  /** The tenant's secret for a platform's webhooks; undefined when the tenant or secret is not configured. */
  secretFor(tenant: string, platform: WebhookPlatform): string | undefined {
    if (!this.has(tenant)) return undefined;
    const t = this.tenants[tenant]!;
    return platform === 'generic' ? t.webhook?.secret : t[platform]?.secret;
  }
}

/** The SHA-256 hex hash of an API key, as EDGE_TENANTS / EDGE_TENANTS_FILE list it. */
export function apiKeyHash(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}
