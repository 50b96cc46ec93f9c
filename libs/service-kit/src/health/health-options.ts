// What the health endpoints watch, handed over by startService().
import type { Type } from '@nestjs/common';
import type { JetStreamTransport } from '@shopmind/bus';
import type { ReadinessCheck } from './readiness-check.js';

export const HEALTH_OPTIONS = Symbol('shopmind.service-kit.health-options');

export interface HealthOptions {
  /** The service's bus transport: readiness needs it connected with every consumer bound. */
  transport?: JetStreamTransport;
  /** Redis must answer PING within this time. */
  redisTimeoutMs: number;
  /** The service's own checks: providers of its module, resolved when readiness is asked. */
  checks: Type<ReadinessCheck>[];
}
