// Gateway configuration from the environment, validated with zod. With no provider configured
// (no LLM_PROVIDERS, no OPENAI_API_KEY) the local tier is the default and every result says so.
import { redisEndpointOf, redisEnvShape, redisSettingsProblems, type RedisEndpoint } from '@shopmind/redis';
import { z } from 'zod';
import { GatewayConfigError } from './errors.js';

export type ProviderKind = 'openai' | 'azure' | 'openai-compatible';

export interface ResilienceSettings {
  timeoutMs: number;
  /** Attempts after the first one, for retryable failures. */
  maxRetries: number;
  retryBaseMs: number;
  retryMaxMs: number;
  /** Longest Retry-After the gateway waits for in-process; longer ones move on (or defer). */
  retryAfterMaxMs: number;
  breakerThreshold: number;
  breakerWindowMs: number;
  breakerMinRps: number;
  halfOpenAfterMs: number;
}

export interface ProviderConfig extends ResilienceSettings {
  name: string;
  kind: ProviderKind;
  baseURL?: string;
  apiKey: string;
  apiVersion?: string;
  model: string;
  embeddingModel?: string;
  /** Ask for server-sent events and assemble the answer (some compatible servers prefer it). */
  stream: boolean;
  /** USD per million tokens. */
  price: { input: number; output: number };
}

export interface BudgetSettings {
  tenantTokensPerDay: number;
  tenantUsdPerDay: number;
  taskTokensPerDay: number;
  taskUsdPerDay: number;
  /** Per task name (per tenant per day); overrides taskTokensPerDay / taskUsdPerDay. */
  tasks: Record<string, { tokens?: number; usd?: number }>;
}

export interface GatewayConfig {
  providers: ProviderConfig[];
  /** REDIS_URL as given (a single server); `redis` says where Redis is whatever the topology. */
  redisUrl?: string;
  /** The Redis the gateway connects to (single server, Sentinel or Redis Cluster); unset: none. */
  redis?: RedisEndpoint;
  keyPrefix: string;
  cacheEnabled: boolean;
  leaseMs: number;
  flightPollMs: number;
  flightWaitMs: number;
  /** How long a finished flight's outcome stays readable for followers that missed the notification. */
  flightResultTtlMs: number;
  eventResultTtlSeconds: number;
  budgets: BudgetSettings;
  defer: { minDeliveriesLeft: number; maxDelayMs: number; defaultDelayMs: number; maxOutstanding: number };
  embeddingDimensions: number;
  /** How long a provider's embedding of a text is cached (per model and size); 0 disables. */
  embeddingCacheTtlSeconds: number;
  defaultMaxOutputTokens: number;
}

/** USD per million tokens for a few well-known models; LLM_PRICES adds or overrides. */
export const DEFAULT_PRICES: Record<string, { input: number; output: number }> = {
  'gpt-4o-mini': { input: 0.15, output: 0.6 },
  'gpt-4o': { input: 2.5, output: 10 },
  'text-embedding-3-small': { input: 0.02, output: 0 },
};

const num = (def: number) => z.coerce.number().nonnegative().default(def);
const int = (def: number) => z.coerce.number().int().nonnegative().default(def);
const bool = (def: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'])
    .default(def ? 'true' : 'false')
    .transform((v) => v === 'true' || v === '1' || v === 'yes');

/** Every variable the gateway reads, with its default: also the settings table's source. */
export const gatewayEnvSchema = z.object({
  LLM_PROVIDERS: z.string().optional(),
  OPENAI_API_KEY: z.string().optional(),
  OPENAI_BASE_URL: z.url().optional(),
  OPENAI_MODEL: z.string().default('gpt-4o-mini'),
  OPENAI_EMBEDDING_MODEL: z.string().default('text-embedding-3-small'),
  LLM_TIMEOUT_MS: int(15_000),
  LLM_MAX_RETRIES: int(2),
  LLM_RETRY_BASE_MS: int(250),
  LLM_RETRY_MAX_MS: int(4_000),
  LLM_RETRY_AFTER_MAX_MS: int(5_000),
  LLM_BREAKER_THRESHOLD: z.coerce.number().gt(0).lt(1).default(0.5),
  LLM_BREAKER_WINDOW_MS: int(30_000),
  LLM_BREAKER_MIN_RPS: num(0.2),
  LLM_BREAKER_HALF_OPEN_AFTER_MS: int(15_000),
  LLM_PRICES: z.string().optional(),
  REDIS_URL: z.string().optional(),
  REDIS_CLUSTER_NODES: redisEnvShape.REDIS_CLUSTER_NODES,
  REDIS_SENTINELS: redisEnvShape.REDIS_SENTINELS,
  REDIS_SENTINEL_NAME: redisEnvShape.REDIS_SENTINEL_NAME,
  REDIS_SENTINEL_PASSWORD: redisEnvShape.REDIS_SENTINEL_PASSWORD,
  REDIS_TLS: redisEnvShape.REDIS_TLS,
  REDIS_USERNAME: redisEnvShape.REDIS_USERNAME,
  REDIS_PASSWORD: redisEnvShape.REDIS_PASSWORD,
  LLM_CACHE_ENABLED: bool(true),
  LLM_KEY_PREFIX: z.string().min(1).default('llm'),
  LLM_LEASE_MS: z.coerce.number().int().min(100).default(5_000),
  LLM_FLIGHT_POLL_MS: z.coerce.number().int().min(5).default(250),
  LLM_FLIGHT_WAIT_MS: z.coerce.number().int().min(100).default(120_000),
  LLM_FLIGHT_RESULT_TTL_MS: z.coerce.number().int().min(10).default(1_000),
  LLM_EVENT_RESULT_TTL_S: z.coerce
    .number()
    .int()
    .min(1)
    .default(7 * 24 * 3600),
  LLM_BUDGET_TENANT_TOKENS_PER_DAY: int(0),
  LLM_BUDGET_TENANT_USD_PER_DAY: num(0),
  LLM_BUDGET_TASK_TOKENS_PER_DAY: int(0),
  LLM_BUDGET_TASK_USD_PER_DAY: num(0),
  LLM_BUDGET_TASKS: z.string().optional(),
  LLM_DEFER_MIN_DELIVERIES_LEFT: int(2),
  LLM_DEFER_MAX_MS: int(300_000),
  LLM_DEFER_DEFAULT_MS: int(30_000),
  LLM_DEFER_MAX_OUTSTANDING: int(256),
  LLM_EMBEDDING_DIMENSIONS: z.coerce.number().int().min(8).max(4096).default(256),
  LLM_EMBEDDING_CACHE_TTL_S: int(30 * 24 * 3600),
  LLM_MAX_OUTPUT_TOKENS: z.coerce.number().int().min(1).default(512),
});

const priceSchema = z.object({ input: z.number().nonnegative(), output: z.number().nonnegative() });

const providerEntrySchema = z
  .object({
    name: z.string().min(1),
    kind: z.enum(['openai', 'azure', 'openai-compatible']).default('openai-compatible'),
    baseURL: z.url().optional(),
    apiKey: z.string().optional(),
    /** Name of the environment variable holding the key, so keys stay out of LLM_PROVIDERS. */
    apiKeyEnv: z.string().optional(),
    apiVersion: z.string().optional(),
    model: z.string().min(1),
    embeddingModel: z.string().optional(),
    stream: z.boolean().optional(),
    timeoutMs: z.number().int().positive().optional(),
    maxRetries: z.number().int().nonnegative().optional(),
    retryBaseMs: z.number().int().nonnegative().optional(),
    retryMaxMs: z.number().int().nonnegative().optional(),
    retryAfterMaxMs: z.number().int().nonnegative().optional(),
    breakerThreshold: z.number().gt(0).lt(1).optional(),
    breakerWindowMs: z.number().int().positive().optional(),
    breakerMinRps: z.number().nonnegative().optional(),
    halfOpenAfterMs: z.number().int().positive().optional(),
    price: priceSchema.optional(),
  })
  .strict();

function parseJson(raw: string | undefined, variable: string, issues: string[]): unknown {
  if (raw === undefined || raw.trim() === '') return undefined;
  try {
    return JSON.parse(raw) as unknown;
  } catch (e) {
    issues.push(`${variable}: not valid JSON (${(e as Error).message})`);
    return undefined;
  }
}

function describe(prefix: string, error: z.ZodError): string[] {
  return error.issues.map(
    (i) => `${[prefix, ...i.path.map(String)].filter(Boolean).join('.')}: ${i.message}`,
  );
}

/** Reads and validates the gateway settings; throws GatewayConfigError naming every wrong one. */
export function loadGatewayConfig(env: Record<string, string | undefined> = process.env): GatewayConfig {
  const issues: string[] = [];
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = gatewayEnvSchema.safeParse(cleaned);
  if (!parsed.success) issues.push(...describe('', parsed.error));
  issues.push(...redisSettingsProblems(cleaned));
  const e = parsed.success ? parsed.data : gatewayEnvSchema.parse({});

  const prices: Record<string, { input: number; output: number }> = { ...DEFAULT_PRICES };
  const rawPrices = parseJson(env.LLM_PRICES, 'LLM_PRICES', issues);
  if (rawPrices !== undefined) {
    const p = z.record(z.string(), priceSchema).safeParse(rawPrices);
    if (p.success) Object.assign(prices, p.data);
    else issues.push(...describe('LLM_PRICES', p.error));
  }
  const tasks: Record<string, { tokens?: number; usd?: number }> = {};
  const rawTasks = parseJson(env.LLM_BUDGET_TASKS, 'LLM_BUDGET_TASKS', issues);
  if (rawTasks !== undefined) {
    const limit = z.union([
      z
        .number()
        .int()
        .nonnegative()
        .transform((tokens) => ({ tokens })),
      z
        .object({
          tokens: z.number().int().nonnegative().optional(),
          usd: z.number().nonnegative().optional(),
        })
        .strict(),
    ]);
    const t = z.record(z.string(), limit).safeParse(rawTasks);
    if (t.success) Object.assign(tasks, t.data);
    else issues.push(...describe('LLM_BUDGET_TASKS', t.error));
  }

  const defaults: ResilienceSettings = {
    timeoutMs: e.LLM_TIMEOUT_MS,
    maxRetries: e.LLM_MAX_RETRIES,
    retryBaseMs: e.LLM_RETRY_BASE_MS,
    retryMaxMs: e.LLM_RETRY_MAX_MS,
    retryAfterMaxMs: e.LLM_RETRY_AFTER_MAX_MS,
    breakerThreshold: e.LLM_BREAKER_THRESHOLD,
    breakerWindowMs: e.LLM_BREAKER_WINDOW_MS,
    breakerMinRps: e.LLM_BREAKER_MIN_RPS,
    halfOpenAfterMs: e.LLM_BREAKER_HALF_OPEN_AFTER_MS,
  };

  const providers: ProviderConfig[] = [];
  const rawProviders = parseJson(env.LLM_PROVIDERS, 'LLM_PROVIDERS', issues);
  if (rawProviders !== undefined) {
    const list = z.array(providerEntrySchema).min(1).safeParse(rawProviders);
    if (!list.success) issues.push(...describe('LLM_PROVIDERS', list.error));
    else {
      const names = new Set<string>();
      list.data.forEach((p, i) => {
        if (names.has(p.name)) issues.push(`LLM_PROVIDERS.${i}.name: duplicate provider name '${p.name}'`);
        names.add(p.name);
        const apiKey =
          p.apiKey ??
          (p.apiKeyEnv ? env[p.apiKeyEnv] : undefined) ??
          (p.kind === 'openai' ? env.OPENAI_API_KEY : undefined);
        // Local servers (vLLM, Ollama, llama.cpp) ignore the key; OpenAI and Azure need one.
        if (!apiKey && p.kind !== 'openai-compatible')
          issues.push(`LLM_PROVIDERS.${i}.apiKey: required for kind '${p.kind}' (or set apiKeyEnv)`);
        if (p.kind !== 'openai' && !p.baseURL)
          issues.push(`LLM_PROVIDERS.${i}.baseURL: required for kind '${p.kind}'`);
        if (p.kind === 'azure' && !p.apiVersion)
          issues.push(`LLM_PROVIDERS.${i}.apiVersion: required for kind 'azure'`);
        const { apiKeyEnv: _unused, price, ...rest } = p;
        void _unused;
        providers.push({
          ...defaults,
          ...Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)),
          name: p.name,
          kind: p.kind,
          model: p.model,
          stream: p.stream ?? false,
          apiKey: apiKey ?? 'not-needed',
          price: price ?? prices[p.model] ?? { input: 0, output: 0 },
        } as ProviderConfig);
      });
    }
  } else if (e.OPENAI_API_KEY) {
    providers.push({
      ...defaults,
      name: 'openai',
      kind: e.OPENAI_BASE_URL ? 'openai-compatible' : 'openai',
      baseURL: e.OPENAI_BASE_URL,
      apiKey: e.OPENAI_API_KEY,
      model: e.OPENAI_MODEL,
      embeddingModel: e.OPENAI_EMBEDDING_MODEL,
      stream: false,
      price: prices[e.OPENAI_MODEL] ?? { input: 0, output: 0 },
    });
  }
  if (issues.length) throw new GatewayConfigError(issues);

  return {
    providers,
    redisUrl: e.REDIS_URL,
    redis: e.REDIS_URL || e.REDIS_CLUSTER_NODES || e.REDIS_SENTINELS ? redisEndpointOf(e) : undefined,
    keyPrefix: e.LLM_KEY_PREFIX,
    cacheEnabled: e.LLM_CACHE_ENABLED,
    leaseMs: e.LLM_LEASE_MS,
    flightPollMs: e.LLM_FLIGHT_POLL_MS,
    flightWaitMs: e.LLM_FLIGHT_WAIT_MS,
    flightResultTtlMs: e.LLM_FLIGHT_RESULT_TTL_MS,
    eventResultTtlSeconds: e.LLM_EVENT_RESULT_TTL_S,
    budgets: {
      tenantTokensPerDay: e.LLM_BUDGET_TENANT_TOKENS_PER_DAY,
      tenantUsdPerDay: e.LLM_BUDGET_TENANT_USD_PER_DAY,
      taskTokensPerDay: e.LLM_BUDGET_TASK_TOKENS_PER_DAY,
      taskUsdPerDay: e.LLM_BUDGET_TASK_USD_PER_DAY,
      tasks,
    },
    defer: {
      minDeliveriesLeft: e.LLM_DEFER_MIN_DELIVERIES_LEFT,
      maxDelayMs: e.LLM_DEFER_MAX_MS,
      defaultDelayMs: e.LLM_DEFER_DEFAULT_MS,
      maxOutstanding: e.LLM_DEFER_MAX_OUTSTANDING,
    },
    embeddingDimensions: e.LLM_EMBEDDING_DIMENSIONS,
    embeddingCacheTtlSeconds: e.LLM_EMBEDDING_CACHE_TTL_S,
    defaultMaxOutputTokens: e.LLM_MAX_OUTPUT_TOKENS,
  };
}
