// What `npm start` (platform.ts) reads from its environment. Everything else in the environment
// passes through to the services it starts, which validate their own settings.
import { z } from 'zod';
import { ServiceCatalogue, type ServiceName } from '@shopmind/contracts';

/** The services `npm start` runs, in the order it starts them: every service of the catalogue. */
export const PLATFORM_SERVICES = Object.values(ServiceCatalogue).map((s) => s.name) as [
  ServiceName,
  ...ServiceName[],
];

export const platformEnvSchema = z.object({
  /** Unset: a local nats-server (JetStream) with its data in the data directory. */
  NATS_URL: z.string().optional(),
  /**
   * Unset (and no REDIS_CLUSTER_NODES / REDIS_SENTINELS): a local redis-server with its data in the
   * data directory.
   */
  REDIS_URL: z.string().optional(),
  /** A Redis Cluster or Sentinels instead: passed to the services as they are, no local Redis. */
  REDIS_CLUSTER_NODES: z.string().optional(),
  REDIS_SENTINELS: z.string().optional(),
  SHOPMIND_SERVICES: z
    .string()
    .default(PLATFORM_SERVICES.join(','))
    .transform((s) =>
      s
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean),
    )
    .pipe(
      z.array(
        z.enum(PLATFORM_SERVICES, { message: `must name services of ${PLATFORM_SERVICES.join(', ')}` }),
      ),
    ),
  SHOPMIND_DEMO_TENANT: z.string().default('demo'),
  /** Relative to the repository root. */
  SHOPMIND_DATA_DIR: z.string().default('.shopmind'),
  SHOPMIND_BASE_HTTP_PORT: z.coerce.number().int().min(1).max(65535).default(8081),
  /** The HTTP edge's port (webhooks, HTTP API) when free, else the next free one. */
  SHOPMIND_EDGE_HTTP_PORT: z.coerce.number().int().min(1).max(65535).default(8080),
  /** Passed to the services it starts; quieter than a service's own default. */
  LOG_LEVEL: z.string().default('warn'),
  /** Read only to say that every answer comes from the local models when neither is set. */
  OPENAI_API_KEY: z.string().optional(),
  LLM_PROVIDERS: z.string().optional(),
  /** Against a NATS with users (NATS_URL set): the admin password, to provision the streams. */
  NATS_ADMIN_PASSWORD: z.string().optional(),
});

export type PlatformEnv = z.infer<typeof platformEnvSchema>;

/** The launcher's settings; throws naming every wrong one. */
export function readPlatformEnv(env: NodeJS.ProcessEnv): PlatformEnv {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = platformEnvSchema.safeParse(cleaned);
  if (!parsed.success)
    throw new Error(
      `npm start refuses to start:\n  ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n  ')}`,
    );
  return parsed.data;
}
