// GET /healthz (the process is up) and GET /readyz (NATS connected, Redis answering, rules loaded).
import { Controller, Get, HttpException, HttpStatus, Inject } from '@nestjs/common';
import type { NatsConnection } from '@nats-io/transport-node';
import { BUS_CONNECTION, BUS_REDIS } from '@shopmind/bus';
import type { Redis } from 'ioredis';
import { RuleSetLoader } from '../rule-set-loader.js';
import { RiskModel } from '../domain/risk-model.js';

@Controller()
export class HealthController {
  constructor(
    @Inject(BUS_CONNECTION) private readonly nc: NatsConnection,
    @Inject(BUS_REDIS) private readonly redis: Redis,
    @Inject(RuleSetLoader) private readonly rules: RuleSetLoader,
    @Inject(RiskModel) private readonly model: RiskModel,
  ) {}

  @Get('healthz')
  health(): { status: string } {
    return { status: 'ok' };
  }

  @Get('readyz')
  async ready(): Promise<Record<string, string>> {
    const problems: string[] = [];
    if (this.nc.isClosed()) problems.push('nats connection closed');
    try {
      await this.redis.ping();
    } catch (err) {
      problems.push(`redis: ${(err as Error).message}`);
    }
    if (problems.length)
      throw new HttpException({ status: 'not ready', problems }, HttpStatus.SERVICE_UNAVAILABLE);
    return { status: 'ready', rules: this.rules.rules.version, model: this.model.version };
  }
}
