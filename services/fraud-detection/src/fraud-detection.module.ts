// Wiring only: Redis-backed stores, the rule set (watched), the model, the narrator and the
// handlers. The bus, the LLM gateway, health and shutdown come from the service kit (see main.ts).
import { readFileSync } from 'node:fs';
import { Module, type DynamicModule } from '@nestjs/common';
import { BUS_REDIS, DependencyState } from '@shopmind/bus';
import { LlmGateway } from '@shopmind/llm-gateway';
import type { ServiceDefinition } from '@shopmind/service-kit';
import { createLogger } from '@shopmind/telemetry';
import type { RedisConnection } from '@shopmind/redis';
import { AlertNarrator } from './application/alert-narrator.js';
import { FraudScorer } from './application/fraud-scorer.js';
import { RuleSetLoader } from './application/rule-set-loader.js';
import type { FraudConfig } from './config.js';
import { RiskModel } from './domain/risk-model.js';
import { fraudMetrics } from './fraud-metrics.js';
import { FEATURE_STORE, FRAUD_CONFIG } from './fraud-tokens.js';
import { FraudScoreHandler } from './handlers/fraud-score.handler.js';
import { OrderEventsHandler } from './handlers/order-events.handler.js';
import { PrivacyEventsHandler } from './handlers/privacy-events.handler.js';
import { ModelLoadedCheck, RulesLoadedCheck } from './handlers/readiness-checks.js';
import { ReviewEventsHandler } from './handlers/review-events.handler.js';
import { AuditTrail } from './stores/audit-trail.js';
import type { FeatureStore } from './stores/feature-store.js';
import { FraudFeatureStore } from './stores/fraud-feature-store.js';
import { IdentifierHasher } from './stores/identifier-hasher.js';
import { ResultSubjects } from './stores/result-subjects.js';
import { ReviewStore } from './stores/review-store.js';

const log = createLogger('fraud-detection');

// Shutdown: the kit stops the bus first (in-flight checkouts and events finish); then Nest runs
// AuditTrail.onModuleDestroy (queued audit records written) and RuleSetLoader.onModuleDestroy
// (file watcher stopped) before the gateway and the bus's Redis close.
@Module({})
export class FraudDetectionModule {
  static forRoot(config: FraudConfig): DynamicModule {
    if (config.usingDevSecret)
      log.warn('FRAUD_HASH_SECRET is not set: using the development secret (set it outside development)');
    // Read before anything connects: a bad rules or model file stops the start with its problems
    // named (RuleSetError), not halfway through Nest's start-up.
    const rules = new RuleSetLoader(config.rulesFile, {
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
    const model = RiskModel.fromJson(JSON.parse(readFileSync(config.modelFile, 'utf8')));
    return {
      module: FraudDetectionModule,
      controllers: [OrderEventsHandler, FraudScoreHandler, ReviewEventsHandler, PrivacyEventsHandler],
      providers: [
        { provide: FRAUD_CONFIG, useValue: config },
        { provide: IdentifierHasher, useFactory: () => new IdentifierHasher(config.hashSecret) },
        {
          provide: ResultSubjects,
          inject: [IdentifierHasher],
          useFactory: (hasher: IdentifierHasher) => new ResultSubjects(hasher),
        },
        {
          provide: FraudFeatureStore,
          inject: [BUS_REDIS, IdentifierHasher],
          useFactory: (redis: RedisConnection, hasher: IdentifierHasher) =>
            new FraudFeatureStore(redis, hasher),
        },
        // Scoring codes against the FeatureStore contract; erasure needs the Redis store itself.
        { provide: FEATURE_STORE, useExisting: FraudFeatureStore },
        {
          provide: ReviewStore,
          inject: [BUS_REDIS, IdentifierHasher, RuleSetLoader],
          useFactory: (redis: RedisConnection, hasher: IdentifierHasher, loader: RuleSetLoader) =>
            new ReviewStore(redis, hasher, {
              ttlMs: config.reviewTtlMs,
              burstWindowMs: () => loader.rules.reviews.burstWindowHours * 3_600_000,
              bucketSize: 8,
            }),
        },
        {
          provide: RuleSetLoader,
          useFactory: () => {
            rules.watch(config.rulesReloadMs);
            return rules;
          },
        },
        { provide: RiskModel, useValue: model },
        {
          provide: FraudScorer,
          inject: [FEATURE_STORE, RuleSetLoader, RiskModel, DependencyState],
          useFactory: (store: FeatureStore, rules: RuleSetLoader, model: RiskModel, deps: DependencyState) =>
            new FraudScorer(store, () => rules.rules, model, {
              dependencies: deps,
              decision: config.redisDownDecision,
            }),
        },
        {
          provide: AlertNarrator,
          inject: [LlmGateway],
          useFactory: (gateway: LlmGateway) => new AlertNarrator(gateway),
        },
        {
          provide: AuditTrail,
          inject: [BUS_REDIS],
          useFactory: (redis: RedisConnection) =>
            new AuditTrail(redis, config.auditMaxLen, 20, 200, (err, records) =>
              log.warn({ err, records }, 'checkout audit records not written'),
            ),
        },
        RulesLoadedCheck,
        ModelLoadedCheck,
      ],
    };
  }
}

export const fraudDetection: ServiceDefinition<FraudConfig> = {
  module: (config) => FraudDetectionModule.forRoot(config),
  readiness: [RulesLoadedCheck, ModelLoadedCheck],
  describe: (config) => ({ rules: config.rulesFile, model: config.modelFile }),
};
