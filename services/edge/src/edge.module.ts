// Wiring only: the tenant registry, the webhook intake and its controller. The bus, health and the
// HTTP listener come from the service kit (main.ts); EdgeTenants and EDGE_CONFIG are exported for
// the HTTP API. The body readers and the API docs go on the app in the kit's configureApp hook.
import { Module, type DynamicModule } from '@nestjs/common';
import { BUS_REDIS, BusPublisher, DependencyState } from '@shopmind/bus';
import type { ServiceDefinition } from '@shopmind/service-kit';
import type { RedisConnection } from '@shopmind/redis';
import { ApiModule } from './api/api.module.js';
import { EDGE_CONFIG, type EdgeConfig } from './config.js';
import { ConsoleModule } from './console/console.module.js';
import { EdgeTenants } from './tenants/edge-tenants.js';
import { useRawWebhookBody } from './webhooks/raw-webhook-body.js';
import { WebhookDedupeStore } from './webhooks/webhook-dedupe-store.js';
import { WebhookIntake } from './webhooks/webhook-intake.js';
import { WebhooksController } from './webhooks/webhooks.controller.js';

@Module({})
export class EdgeModule {
  static forRoot(config: EdgeConfig): DynamicModule {
    const tenants = new EdgeTenants(config.tenants);
    return {
      module: EdgeModule,
      imports: [ApiModule.forRoot(config.api, tenants), ConsoleModule.forRoot(config.api, tenants)],
      controllers: [WebhooksController],
      providers: [
        { provide: EDGE_CONFIG, useValue: config },
        { provide: EdgeTenants, useValue: tenants },
        {
          provide: WebhookDedupeStore,
          inject: [BUS_REDIS],
          useFactory: (redis: RedisConnection) =>
            new WebhookDedupeStore(redis, config.webhooks.dedupeTtlSeconds),
        },
        {
          provide: WebhookIntake,
          inject: [EdgeTenants, BusPublisher, WebhookDedupeStore, DependencyState],
          useFactory: (
            tenants: EdgeTenants,
            publisher: BusPublisher,
            dedupe: WebhookDedupeStore,
            dependencies: DependencyState,
          ) => new WebhookIntake(tenants, publisher, dedupe, dependencies, config.cardFingerprintSecret),
        },
      ],
      exports: [EDGE_CONFIG, EdgeTenants],
    };
  }
}

export const edge: ServiceDefinition<EdgeConfig> = {
  module: (config) => EdgeModule.forRoot(config),
  describe: (config) => ({ tenants: Object.keys(config.tenants).length }),
  // Before the app initialises: the raw reader for /webhooks (signatures are over the exact bytes)
  // and the API's reader for /api both run ahead of Nest's JSON parser; then the API docs.
  configureApp: (app, config) => {
    useRawWebhookBody(app, config.webhooks.maxBytes);
    ApiModule.configureApp(app, config.api);
  },
};
