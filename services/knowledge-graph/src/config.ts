// Settings from the environment, validated at start-up: the process refuses to start and names
// every wrong setting, its own and the LLM gateway's together. Defaults are listed in the README.
import { GatewayConfigError, loadGatewayConfig, type GatewayConfig } from '@shopmind/llm-gateway';
import { serviceEnvSchema, serviceSettingsOf, type ServiceSettings } from '@shopmind/bus';
import { z } from 'zod';

const int = (min: number, def: number) => z.coerce.number().int().min(min).default(def);

const schema = serviceEnvSchema({ httpPort: 8084, concurrency: 32 }).extend({
  KG_QUERY_LIMIT: int(1, 50),
  KG_SIMILAR_TOP_K: int(0, 5),
  KG_SIMILAR_THRESHOLD: z.coerce.number().min(0).max(1).default(0.3),
  KG_TOMBSTONE_TTL_S: int(60, 30 * 24 * 3600),
  /** JSON object "Type:surface form" → canonical name, e.g. {"Brand:hasbro gaming":"hasbro"}. */
  KG_ALIASES: z
    .string()
    .default('{}')
    .refine((s) => {
      try {
        const v: unknown = JSON.parse(s);
        return (
          typeof v === 'object' &&
          v !== null &&
          !Array.isArray(v) &&
          Object.values(v).every((x) => typeof x === 'string')
        );
      } catch {
        return false;
      }
    }, 'must be a JSON object of strings, e.g. {"Brand:hasbro gaming":"hasbro"}'),
});

export interface KnowledgeGraphConfig extends ServiceSettings {
  queryLimit: number;
  similar: { topK: number; threshold: number };
  tombstoneTtlSeconds: number;
  aliases: Record<string, string>;
  llm: GatewayConfig;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: string[]) {
    super(`knowledge-graph refuses to start:\n  ${problems.join('\n  ')}`);
  }
}

export function loadConfig(env: Record<string, string | undefined> = process.env): KnowledgeGraphConfig {
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
    queryLimit: c.KG_QUERY_LIMIT,
    similar: { topK: c.KG_SIMILAR_TOP_K, threshold: c.KG_SIMILAR_THRESHOLD },
    tombstoneTtlSeconds: c.KG_TOMBSTONE_TTL_S,
    aliases: JSON.parse(c.KG_ALIASES) as Record<string, string>,
    llm,
  };
}
