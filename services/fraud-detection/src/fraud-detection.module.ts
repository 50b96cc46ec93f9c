// Wiring only: the bus, Redis-backed stores, the rule set (watched), the model and the handlers.
import { readFileSync } from 'node:fs';
import { Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { BUS_REDIS, BusModule } from '@shopmind/bus';
import { LlmGateway } from '@shopmind/llm-gateway';
import { createLogger } from '@shopmind/telemetry';
import { AlertNarrator } from './alert-narrator.js';
import type { Redis } from 'ioredis';
import { RiskModel } from './domain/risk-model.js';
import type { FraudConfig } from './fraud-config.js';
import { fraudMetrics } from './fraud-metrics.js';
import { FraudScorer } from './fraud-scorer.js';
import { FEATURE_STORE, FRAUD_CONFIG } from './fraud-tokens.js';
import { FraudScoreHandler } from './handlers/fraud-score.handler.js';
import { HealthController } from './handlers/health.controller.js';
import { OrderEventsHandler } from './handlers/order-events.handler.js';
import { PrivacyEventsHandler } from './handlers/privacy-events.handler.js';
import { ReviewEventsHandler } from './handlers/review-events.handler.js';
import { RuleSetLoader } from './rule-set-loader.js';
import { AuditTrail } from './stores/audit-trail.js';
import type { FeatureStore } from './stores/feature-store.js';
import { FraudFeatureStore } from './stores/fraud-feature-store.js';
import { IdentifierHasher } from './stores/identifier-hasher.js';
import { ReviewStore } from './stores/review-store.js';

export const SERVICE_NAME = 'fraud-detection';

const log = createLogger('fraud-detection');

export function busOptionsOf(config: FraudConfig) {
  return {
    service: SERVICE_NAME,
    natsUrl: config.natsUrl,
    redisUrl: config.redisUrl,
    publishFormat: config.publishFormat,
    subjectPrefix: config.subjectPrefix,
    // Without these the bus provisions the shared streams with its defaults (1 replica, 7 days,
    // 1 GiB) on every start of this service, undoing what the deployment set for all services.
    replicas: config.bus.replicas,
    retention: config.bus.retention,
    retryDelayMs: config.bus.retryDelayMs,
  };
}

@Module({})
export class FraudDetectionModule implements OnApplicationShutdown {
  constructor(@Inject(LlmGateway) private readonly gateway: LlmGateway) {}

  async onApplicationShutdown(): Promise<void> {
    await this.gateway.close();
  }

  static forRoot(config: FraudConfig): DynamicModule {
    return {
      module: FraudDetectionModule,
      imports: [BusModule.forRoot(busOptionsOf(config))],
      controllers: [
        OrderEventsHandler,
        FraudScoreHandler,
        ReviewEventsHandler,
        PrivacyEventsHandler,
        HealthController,
      ],
      providers: [
        { provide: FRAUD_CONFIG, useValue: config },
        { provide: IdentifierHasher, useFactory: () => new IdentifierHasher(config.hashSecret) },
        {
          provide: FraudFeatureStore,
          inject: [BUS_REDIS, IdentifierHasher],
          useFactory: (redis: Redis, hasher: IdentifierHasher) => new FraudFeatureStore(redis, hasher),
        },
        // Scoring codes against the FeatureStore contract; erasure needs the Redis store itself.
        { provide: FEATURE_STORE, useExisting: FraudFeatureStore },
        {
          provide: ReviewStore,
          inject: [BUS_REDIS, IdentifierHasher, RuleSetLoader],
          useFactory: (redis: Redis, hasher: IdentifierHasher, rules: RuleSetLoader) =>
            new ReviewStore(redis, hasher, {
              ttlMs: config.reviewTtlMs,
              burstWindowMs: () => rules.rules.reviews.burstWindowHours * 3_600_000,
              bucketSize: 8,
            }),
        },
        {
          provide: RuleSetLoader,
          useFactory: () => {
            const loader = new RuleSetLoader(config.rulesFile, {
              onLoaded: (rs) => {
                fraudMetrics().ruleReloads.add(1, { outcome: 'loaded' });
                log.info({ rules_version: rs.version, rules: rs.rules.length }, 'rule set loaded');
              },
              onRefused: (err) => {
                fraudMetrics().ruleReloads.add(1, { outcome: 'refused' });
                log.error(
                  { problems: err.problems, file: err.source },
                  'rule set refused; the previous rules stay active',
                );
              },
            });
            loader.watch(config.rulesReloadMs);
            return loader;
          },
        },
        {
          provide: RiskModel,
          useFactory: () => RiskModel.fromJson(JSON.parse(readFileSync(config.modelFile, 'utf8'))),
        },
        {
          provide: FraudScorer,
          inject: [FEATURE_STORE, RuleSetLoader, RiskModel],
          useFactory: (store: FeatureStore, rules: RuleSetLoader, model: RiskModel) =>
            new FraudScorer(store, () => rules.rules, model),
        },
        {
          provide: LlmGateway,
          inject: [BUS_REDIS],
          useFactory: async (redis: Redis): Promise<LlmGateway> => {
            const gateway = new LlmGateway({ config: config.llm, redis });
            await gateway.start();
            return gateway;
          },
        },
        {
          provide: AlertNarrator,
          inject: [LlmGateway],
          useFactory: (gateway: LlmGateway) => new AlertNarrator(gateway),
        },
        {
          provide: AuditTrail,
          inject: [BUS_REDIS],
          useFactory: (redis: Redis) =>
            new AuditTrail(redis, config.auditMaxLen, 20, 200, (err, records) =>
              log.warn({ err, records }, 'checkout audit records not written'),
            ),
        },
      ],
    };
  }
}
