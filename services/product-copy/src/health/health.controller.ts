// GET /healthz (the process is up) and GET /readyz (both NATS connections up, Redis answering).
import { Controller, Get, HttpException, HttpStatus, Inject } from '@nestjs/common';
import type { NatsConnection } from '@nats-io/transport-node';
import { BUS_CONNECTION, BUS_REDIS } from '@shopmind/bus';
import type { Redis } from 'ioredis';
import { LlmGateway } from '@shopmind/llm-gateway';
import { TransportStatus } from './transport-status.js';

const REDIS_PING_TIMEOUT_MS = 1000;

@Controller()
export class HealthController {
  constructor(
    @Inject(BUS_CONNECTION) private readonly nc: NatsConnection,
    @Inject(BUS_REDIS) private readonly redis: Redis,
    @Inject(TransportStatus) private readonly transport: TransportStatus,
    @Inject(LlmGateway) private readonly gateway: LlmGateway,
  ) {}

  @Get('healthz')
  health(): { status: string } {
    return { status: 'ok' };
  }

  @Get('readyz')
  async ready(): Promise<Record<string, string>> {
    const problems: string[] = [];
    if (this.transport.status !== 'connected') problems.push(`bus transport ${this.transport.status}`);
    if (this.nc.isClosed()) problems.push('publisher connection closed');
    try {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`no PONG within ${REDIS_PING_TIMEOUT_MS} ms`)),
          REDIS_PING_TIMEOUT_MS,
        );
      });
      await Promise.race([this.redis.ping(), timeout]).finally(() => clearTimeout(timer));
    } catch (err) {
      problems.push(`redis: ${(err as Error).message}`);
    }
    if (problems.length)
      throw new HttpException({ status: 'not ready', problems }, HttpStatus.SERVICE_UNAVAILABLE);
    // Local-only is a valid mode (no provider configured), not a readiness problem.
    return { status: 'ready', llm: this.gateway.mode };
  }
}
