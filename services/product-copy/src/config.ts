// Settings from the environment, validated at start-up: the process refuses to start and names
// every wrong setting, its own and the LLM gateway's together. Defaults are listed in the README.
import { GatewayConfigError, loadGatewayConfig, type GatewayConfig } from '@shopmind/llm-gateway';
import { serviceEnvSchema, serviceSettingsOf, type ServiceSettings } from '@shopmind/bus';
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

const schema = serviceEnvSchema({
  httpPort: 8083,
  ackWaitMs: 60_000,
  maxAckPending: 500,
  concurrency: 16,
}).extend({
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
          message: 'must be JSON, e.g. {"acme":{"locales":["en","de"],"tone":"playful","channels":["web"]}}',
        });
        return z.NEVER;
      }
    })
    .pipe(z.record(z.string(), settings)),
  COPY_TOMBSTONE_TTL_S: int(60, 30 * 24 * 3600),
});

export interface ProductCopyConfig extends ServiceSettings {
  defaults: TenantCopySettings;
  tenants: Record<string, TenantCopySettings>;
  tombstoneTtlSeconds: number;
  llm: GatewayConfig;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: string[]) {
    super(`product-copy refuses to start:\n  ${problems.join('\n  ')}`);
  }
}

export function loadConfig(env: Record<string, string | undefined> = process.env): ProductCopyConfig {
  const problems: string[] = [];
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) problems.push(...parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  let llm: GatewayConfig | undefined;
  try {
    llm = loadGatewayConfig({ ...cleaned, REDIS_URL: cleaned.REDIS_URL ?? 'redis://127.0.0.1:6379' });
  } catch (err) {
    if (!(err instanceof GatewayConfigError)) throw err;
    problems.push(...err.issues);
  }
  if (!parsed.success || !llm || problems.length) throw new ConfigError(problems);
  const c = parsed.data;
  return {
    ...serviceSettingsOf(c),
    defaults: {
      locales: c.COPY_DEFAULT_LOCALES,
      tone: c.COPY_DEFAULT_TONE,
      channels: c.COPY_DEFAULT_CHANNELS as CopyChannelName[],
    },
    tenants: c.COPY_TENANTS as Record<string, TenantCopySettings>,
    tombstoneTtlSeconds: c.COPY_TOMBSTONE_TTL_S,
    llm,
  };
}
