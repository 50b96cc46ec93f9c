// The HTTP API's own settings (EDGE_API_*), merged into the edge's configuration by config.ts;
// their defaults are stated in the edge's README.
import { z } from 'zod';

const int = (min: number, max: number, def: number) => z.coerce.number().int().min(min).max(max).default(def);

export const apiEnv = {
  /** Largest request body the API reads; larger → 413. */
  EDGE_API_MAX_BYTES: int(1024, 16 * 1024 * 1024, 256 * 1024),
  /** Requests per second and API key, all replicas together. */
  EDGE_API_RATE_PER_SECOND: int(1, 100_000, 20),
  /** Requests a key may make beyond its rate, per burst window. */
  EDGE_API_RATE_BURST: int(0, 100_000, 40),
  /** Time a query has to answer (the `Shopmind-Deadline` sent with it); past it → 504. */
  EDGE_API_QUERY_TIMEOUT_MS: int(100, 60_000, 10_000),
};

type ApiEnv = z.infer<z.ZodObject<typeof apiEnv>>;

export interface ApiSettings {
  maxBytes: number;
  ratePerSecond: number;
  burst: number;
  queryTimeoutMs: number;
}

export const apiSettingsOf = (e: ApiEnv): ApiSettings => ({
  maxBytes: e.EDGE_API_MAX_BYTES,
  ratePerSecond: e.EDGE_API_RATE_PER_SECOND,
  burst: e.EDGE_API_RATE_BURST,
  queryTimeoutMs: e.EDGE_API_QUERY_TIMEOUT_MS,
});
