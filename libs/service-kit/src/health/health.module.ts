// Liveness and readiness for every service, on @nestjs/terminus (see health.controller.ts).
import { Module, type DynamicModule } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HEALTH_OPTIONS, type HealthOptions } from './health-options.js';
import { HealthController } from './health.controller.js';
import { ReadinessGauge } from './readiness-gauge.js';

@Module({})
export class HealthModule {
  static forRoot(options: HealthOptions): DynamicModule {
    return {
      module: HealthModule,
      // Probes ask every few seconds: a failing check is in the 503 body, not in the logs.
      imports: [TerminusModule.forRoot({ logger: false })],
      controllers: [HealthController],
      providers: [{ provide: HEALTH_OPTIONS, useValue: options }, ReadinessGauge],
    };
  }
}
