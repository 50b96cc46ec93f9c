// The example service's settings: the shared ones (NATS, Redis, HTTP port, bus, lifecycle, LLM)
// come with the kit; it adds one of its own.
import { z } from 'zod';
import { defineServiceConfig, type ConfigOf } from '../index.js';

export const ratingTallyConfig = defineServiceConfig({
  service: 'rating-tally',
  defaults: { httpPort: 8099 },
  env: { TALLY_MIN_RATING: z.coerce.number().int().min(1).max(5).default(1) },
  settings: (e) => ({ minRating: e.TALLY_MIN_RATING }),
});

export type RatingTallyConfig = ConfigOf<typeof ratingTallyConfig>;

/** Injection token of the loaded configuration. */
export const RATING_TALLY_CONFIG = Symbol('RATING_TALLY_CONFIG');
