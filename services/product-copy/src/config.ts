// product-copy's own settings on top of the shared ones (service kit): per-tenant locales, tone and
// channels, and how long a deleted product's tombstone is kept. Defaults are listed in the README.
import { defineServiceConfig, type ConfigOf } from '@shopmind/service-kit';
import { z } from 'zod';
import { COPY_CHANNELS, type CopyChannelName } from './domain/copy-text.js';
import type { TenantCopySettings } from './domain/tenant-copy-settings.js';

const int = (min: number, def: number) => z.coerce.number().int().min(min).default(def);
const locale = z
  .string()
  .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'must be a BCP 47 locale such as en or de-DE');
const channel = z.enum(COPY_CHANNELS);
const settings = z.object({
  locales: z.array(locale).min(1),
  tone: z.string().min(1).max(64),
  channels: z.array(channel).min(1),
});

const commaList = z.string().transform((s) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean),
);

export const productCopyConfig = defineServiceConfig({
  service: 'product-copy',
  // Writing copy for every locale and channel of a product is slow: fewer in flight, longer ack wait.
  defaults: { httpPort: 8083, ackWaitMs: 60_000, maxAckPending: 500, concurrency: 16 },
  env: {
    COPY_DEFAULT_LOCALES: commaList.pipe(z.array(locale).min(1)).default(['en']),
    COPY_DEFAULT_TONE: z.string().min(1).max(64).default('warm'),
    COPY_DEFAULT_CHANNELS: commaList.pipe(z.array(channel).min(1)).default(['web']),
    /** JSON: tenant → {locales, tone, channels}. */
    COPY_TENANTS: z
      .string()
      .default('{}')
      .transform((s, ctx) => {
        try {
          return JSON.parse(s) as unknown;
        } catch {
          ctx.addIssue({
            code: 'custom',
            message:
              'must be JSON, e.g. {"acme":{"locales":["en","de"],"tone":"playful","channels":["web"]}}',
          });
          return z.NEVER;
        }
      })
      .pipe(z.record(z.string(), settings)),
    COPY_TOMBSTONE_TTL_S: int(60, 30 * 24 * 3600),
  },
  settings: (e) => ({
    /** Locales, tone and channels of a tenant without its own entry in `tenants`. */
    defaults: {
      locales: e.COPY_DEFAULT_LOCALES,
      tone: e.COPY_DEFAULT_TONE,
      channels: e.COPY_DEFAULT_CHANNELS as CopyChannelName[],
    } satisfies TenantCopySettings,
    tenants: e.COPY_TENANTS as Record<string, TenantCopySettings>,
    /** How long a deleted product's tombstone keeps a late upsert from bringing it back. */
    tombstoneTtlSeconds: e.COPY_TOMBSTONE_TTL_S,
  }),
});

export type ProductCopyConfig = ConfigOf<typeof productCopyConfig>;

/** The configuration from the environment (process.env by default); throws ConfigError. */
export const loadConfig = (env?: Record<string, string | undefined>): ProductCopyConfig =>
  productCopyConfig.load(env);
