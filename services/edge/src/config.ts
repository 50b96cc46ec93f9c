// The edge's own settings on top of the shared ones (service kit); defaults in the README.
import { defineServiceConfig, type ConfigOf } from '@shopmind/service-kit';
import { z } from 'zod';
import { apiEnv, apiSettingsOf } from './api/api-settings.js';
import { readTenants } from './tenants/tenant-settings.js';

/** Used when EDGE_CARD_FINGERPRINT_SECRET is not set (development only; production refuses to start). */
const DEV_CARD_FINGERPRINT_SECRET = 'shopmind-dev-card-fingerprint-secret';

export const edgeConfig = defineServiceConfig({
  service: 'edge',
  defaults: { httpPort: 8088 },
  env: {
    NODE_ENV: z.string().default('development'),
    EDGE_TENANTS_FILE: z.string().optional(),
    EDGE_TENANTS: z.string().optional(),
    EDGE_WEBHOOK_MAX_BYTES: z.coerce
      .number()
      .int()
      .min(1024)
      .default(1024 * 1024),
    EDGE_WEBHOOK_DEDUPE_HOURS: z.coerce
      .number()
      .int()
      .min(48, 'platforms retry for up to 48 hours')
      .default(48),
    EDGE_CARD_FINGERPRINT_SECRET: z.string().min(16, 'must have at least 16 characters').optional(),
    ...apiEnv,
  },
  check: (e) => [
    ...(e.NODE_ENV === 'production' && !e.EDGE_CARD_FINGERPRINT_SECRET
      ? ['EDGE_CARD_FINGERPRINT_SECRET: is required in production (card fingerprints are HMACs with it)']
      : []),
    ...readTenants({ file: e.EDGE_TENANTS_FILE, json: e.EDGE_TENANTS }).problems,
  ],
  settings: (e) => ({
    /** The HTTP API (src/api). */
    api: apiSettingsOf(e),
    /** The shops the edge serves (validated in `check`). */
    tenants: readTenants({ file: e.EDGE_TENANTS_FILE, json: e.EDGE_TENANTS }).tenants,
    webhooks: {
      /** A webhook body larger than this is refused with 413. */
      maxBytes: e.EDGE_WEBHOOK_MAX_BYTES,
      /** How long a delivered webhook id is remembered, so a platform's retry publishes nothing. */
      dedupeTtlSeconds: e.EDGE_WEBHOOK_DEDUPE_HOURS * 3600,
    },
    /** Key of the card fingerprints derived for card payments that come without one. */
    cardFingerprintSecret: e.EDGE_CARD_FINGERPRINT_SECRET ?? DEV_CARD_FINGERPRINT_SECRET,
  }),
});

export type EdgeConfig = ConfigOf<typeof edgeConfig>;

/** Injection token of the loaded configuration. */
export const EDGE_CONFIG = Symbol('EDGE_CONFIG');
