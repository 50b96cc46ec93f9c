// `shopmind.service.ready`: the /readyz verdict as a metric (1 ready, 0 not), so a dashboard shows
// readiness per service without scraping the endpoint. Each collection asks the same checks /readyz
// runs; the service's name comes from the telemetry resource (service.name).
import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { metrics, type ObservableCallback, type ObservableGauge } from '@opentelemetry/api';
import { HealthController } from './health.controller.js';

@Injectable()
export class ReadinessGauge implements OnModuleInit, OnModuleDestroy {
  private gauge?: ObservableGauge;
  private readonly observe: ObservableCallback = async (result) => {
    const controller = this.modules.get(HealthController, { strict: false });
    // ready() rejects (503) when any part is down.
    const ready = await controller.ready().then(
      () => true,
      () => false,
    );
    result.observe(ready ? 1 : 0);
  };

  constructor(@Inject(ModuleRef) private readonly modules: ModuleRef) {}

  onModuleInit(): void {
    // From the meter provider registered now: tests install theirs before starting a service.
    this.gauge = metrics.getMeter('shopmind').createObservableGauge('shopmind.service.ready', {
      description: '1 while the service is ready (the /readyz verdict), 0 while it is not',
    });
    this.gauge.addCallback(this.observe);
  }

  onModuleDestroy(): void {
    this.gauge?.removeCallback(this.observe);
  }
}
