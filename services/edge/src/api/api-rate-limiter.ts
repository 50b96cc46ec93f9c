// Rate limits per API key, counted in Redis so every replica of the edge shares one count. A key
// gets `ratePerSecond` requests a second and, beyond that, `burst` more per 10-second window.
// While Redis is down each replica counts alone in memory (the same limits, per replica).
import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { BUS_OPTIONS, BUS_REDIS, type BusOptions } from '@shopmind/bus';
import type { RedisConnection } from '@shopmind/redis';
import {
  BurstyRateLimiter,
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible';
import type { ApiSettings } from './api-settings.js';
import { API_SETTINGS } from './api-tokens.js';

export const BURST_WINDOW_SECONDS = 10;

export type RateVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** Redis key prefix of the counters: the edge's Redis user may touch `edge:*` only. */
export function rateKeyPrefix(subjectPrefix: string): string {
  return subjectPrefix ? `edge:${subjectPrefix}:api-rate` : 'edge:api-rate';
}

@Injectable()
export class ApiRateLimiter {
  private readonly limiter: Pick<RateLimiterAbstract, 'consume'>;

  constructor(
    @Inject(API_SETTINGS) settings: ApiSettings,
    @Inject(BUS_OPTIONS) options: BusOptions,
    @Inject(BUS_REDIS) redis: RedisConnection,
  ) {
    const prefix = rateKeyPrefix(options.subjectPrefix ?? '');
    const limiter = (keyPrefix: string, points: number, duration: number): RateLimiterRedis =>
      new RateLimiterRedis({
        storeClient: redis,
        keyPrefix,
        points,
        duration,
        rejectIfRedisNotReady: true,
        insuranceLimiter: new RateLimiterMemory({ keyPrefix, points, duration }),
      });
    const steady = limiter(`${prefix}:s`, settings.ratePerSecond, 1);
    this.limiter =
      settings.burst > 0
        ? new BurstyRateLimiter(steady, limiter(`${prefix}:b`, settings.burst, BURST_WINDOW_SECONDS))
        : steady;
  }

  /** Counts one request of `apiKey`; the key itself is never written to Redis, only a hash of it. */
  async take(apiKey: string): Promise<RateVerdict> {
    const id = createHash('sha256').update(apiKey, 'utf8').digest('hex').slice(0, 32);
    try {
      await this.limiter.consume(id);
      return { allowed: true };
    } catch (res) {
      if (!(res instanceof RateLimiterRes)) throw res;
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(res.msBeforeNext / 1000)) };
    }
  }
}
