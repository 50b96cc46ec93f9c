// Settings from the environment, validated at start-up: the process refuses to start and names
// every wrong setting, its own and the LLM gateway's together. Defaults are listed in the README.
import { GatewayConfigError, loadGatewayConfig, type GatewayConfig } from '@shopmind/llm-gateway';
import { serviceEnvSchema, serviceSettingsOf, type ServiceSettings } from '@shopmind/bus';
import { z } from 'zod';

const int = (min: number, def: number) => z.coerce.number().int().min(min).default(def);

const schema = serviceEnvSchema({ httpPort: 8080 }).extend({
  REVIEW_SUMMARY_DEBOUNCE_MS: int(0, 1000),
  REVIEW_SUMMARY_QUOTES_KEPT: int(1, 10),
  REVIEW_SUMMARY_DEFAULT_QUOTES: int(0, 5),
});

export interface ReviewSentimentConfig extends ServiceSettings {
  summary: {
    /** A product's summary is recomputed at most once per this many ms (per replica). */
    debounceMs: number;
    /** Representative quotes kept per product and polarity. */
    quotesKept: number;
    /** Quotes in a reply when the request asks for 0. */
    defaultQuotes: number;
  };
  llm: GatewayConfig;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: string[]) {
    super(`review-sentiment refuses to start:\n  ${problems.join('\n  ')}`);
  }
}

export function loadConfig(env: Record<string, string | undefined> = process.env): ReviewSentimentConfig {
  const problems: string[] = [];
  // An empty variable means "not set" (compose files and Kubernetes often pass empty strings).
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) problems.push(...parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  let llm: GatewayConfig | undefined;
  try {
    // The gateway shares the service's Redis unless LLM settings say otherwise.
    llm = loadGatewayConfig({ ...cleaned, REDIS_URL: cleaned.REDIS_URL ?? 'redis://127.0.0.1:6379' });
  } catch (err) {
    if (!(err instanceof GatewayConfigError)) throw err;
    problems.push(...err.issues);
  }
  if (!parsed.success || !llm || problems.length) throw new ConfigError(problems);
  const c = parsed.data;
  return {
    ...serviceSettingsOf(c),
    summary: {
      debounceMs: c.REVIEW_SUMMARY_DEBOUNCE_MS,
      quotesKept: c.REVIEW_SUMMARY_QUOTES_KEPT,
      defaultQuotes: c.REVIEW_SUMMARY_DEFAULT_QUOTES,
    },
    llm,
  };
}
