// GET /healthz: the process is up (liveness). GET /readyz: the streams the service reads are
// provisioned (else the reason names what is missing and `shopmind provision`), its NATS consumers are bound, Redis
// answers PING within its timeout and every check the service registered passes (readiness, 503
// otherwise, with the reason of each failing part). Redis also shows the state the bus tracks
// (up or down, since when): while it is known to be down, readiness says so without a PING.
import { Controller, Get, Inject, Optional } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import {
  HealthCheck,
  HealthCheckService,
  HealthIndicatorService,
  type HealthCheckResult,
  type HealthIndicatorFunction,
  type HealthIndicatorResult,
} from '@nestjs/terminus';
import type { NatsConnection } from '@nats-io/transport-node';
import { BUS_CONNECTION, BUS_REDIS, DependencyState } from '@shopmind/bus';
import { LlmGateway } from '@shopmind/llm-gateway';
import type { RedisConnection } from '@shopmind/redis';
import { HEALTH_OPTIONS, type HealthOptions } from './health-options.js';

@Controller()
export class HealthController {
  constructor(
    @Inject(HealthCheckService) private readonly health: HealthCheckService,
    @Inject(HealthIndicatorService) private readonly indicator: HealthIndicatorService,
    @Inject(ModuleRef) private readonly modules: ModuleRef,
    @Inject(HEALTH_OPTIONS) private readonly options: HealthOptions,
    @Inject(BUS_CONNECTION) private readonly nc: NatsConnection,
    @Inject(BUS_REDIS) private readonly redis: RedisConnection | undefined,
    @Inject(DependencyState) private readonly dependencies: DependencyState,
    @Optional() @Inject(LlmGateway) private readonly gateway?: LlmGateway,
  ) {}

  @Get('healthz')
  @HealthCheck()
  live(): Promise<HealthCheckResult> {
    return this.health.check([]);
  }

  @Get('readyz')
  @HealthCheck()
  ready(): Promise<HealthCheckResult> {
    const checks: HealthIndicatorFunction[] = [() => this.bus()];
    const redis = this.redis;
    if (redis) checks.push(() => this.redisPing(redis));
    if (this.gateway) checks.push(() => this.llm(this.gateway as LlmGateway));
    for (const type of this.options.checks) {
      checks.push(() => this.modules.get(type, { strict: false }).check(this.indicator));
    }
    return this.health.check(checks);
  }

  private bus(): HealthIndicatorResult {
    const session = this.indicator.check('bus');
    const transport = this.options.transport;
    if (this.nc.isClosed()) return session.down({ message: 'publisher connection closed' });
    if (!transport) return session.up();
    const status = transport.connectionStatus;
    if (status !== 'connected') return session.down({ message: `transport ${status}` });
    // Streams missing or lacking a subject we consume: names them and `shopmind provision`.
    const streams = transport.streamProblem;
    if (streams) return session.down({ message: streams, unbound: transport.unboundConsumers });
    const unbound = transport.unboundConsumers;
    if (unbound.length) return session.down({ message: 'consumers not bound', unbound });
    return session.up({ consumers: transport.consumerNames.length });
  }

  private async redisPing(redis: RedisConnection): Promise<HealthIndicatorResult> {
    const session = this.indicator.check('redis');
    const tracked = this.dependencies.get('redis');
    const state: Record<string, string> = tracked
      ? { state: tracked.state, since: tracked.since.toISOString() }
      : {};
    // Known down: a PING would only wait in the client's offline queue until the timeout.
    if (tracked?.state === 'down') return session.down({ ...state, message: tracked.reason ?? 'down' });
    const timeoutMs = this.options.redisTimeoutMs;
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        redis.ping(),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no PING answer within ${timeoutMs} ms`)), timeoutMs);
        }),
      ]);
      return session.up(state);
    } catch (err) {
      return session.down({ ...state, message: err instanceof Error ? err.message : String(err) });
    } finally {
      clearTimeout(timer);
    }
  }

  private llm(gateway: LlmGateway): HealthIndicatorResult {
    const session = this.indicator.check('llm');
    const circuits = gateway.circuits();
    // Local-only is a valid mode (no provider configured). With providers whose circuits are all
    // open, answers still come from the local tier: degraded, not unready.
    const open = Object.values(circuits).filter((c) => c === 'open').length;
    if (gateway.mode === 'providers' && open === Object.keys(circuits).length)
      return session.degraded({ mode: gateway.mode, circuits });
    return session.up({ mode: gateway.mode });
  }
}
