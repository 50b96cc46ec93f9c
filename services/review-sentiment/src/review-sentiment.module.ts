// Wiring only: the bus (publisher, Redis, effects ledger), the LLM gateway with the sentiment task,
// the aggregate store, the summary refresher, the handlers and the health endpoints.
import { Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { BUS_REDIS, BusModule, EffectsLedger, type BusOptions } from '@shopmind/bus';
import { LlmGateway } from '@shopmind/llm-gateway';
import { shutdownTelemetry } from '@shopmind/telemetry';
import type { Redis } from 'ioredis';
import type { ReviewSentimentConfig } from './config.js';
import { HealthController } from './health/health.controller.js';
import { TransportStatus } from './health/transport-status.js';
import { REVIEW_SENTIMENT_CONFIG } from './review-sentiment-tokens.js';
import { ReviewAggregateStore } from './reviews/review-aggregate-store.js';
import { ReviewSubmittedHandler } from './reviews/review-submitted.handler.js';
import { ReviewSummaryHandler } from './reviews/review-summary.handler.js';
import { SentimentAnalysis } from './reviews/sentiment-analysis.js';
import { SummaryRefresher } from './reviews/summary-refresher.js';

export const SERVICE_NAME = 'review-sentiment';

export function busOptionsOf(config: ReviewSentimentConfig): BusOptions {
  return {
    service: SERVICE_NAME,
    natsUrl: config.natsUrl,
    redisUrl: config.redisUrl,
    publishFormat: config.publishFormat,
    subjectPrefix: config.subjectPrefix,
    replicas: config.bus.replicas,
    retention: config.bus.retention,
    maxDeliver: config.bus.maxDeliver,
    ackWaitMs: config.bus.ackWaitMs,
    maxAckPending: config.bus.maxAckPending,
    concurrency: config.bus.concurrency,
    retryDelayMs: config.bus.retryDelayMs,
  };
}

/**
 * Runs after the transport has stopped pulling and finished its in-flight handlers (Nest closes
 * microservices before it calls shutdown hooks): refresh what is pending, close the gateway,
 * then flush telemetry.
 */
class GracefulShutdown implements OnApplicationShutdown {
  constructor(
    @Inject(SummaryRefresher) private readonly refresher: SummaryRefresher,
    @Inject(LlmGateway) private readonly gateway: LlmGateway,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await this.refresher.flush();
    await this.gateway.close();
    await shutdownTelemetry();
  }
}

@Module({})
export class ReviewSentimentModule {
  static forRoot(config: ReviewSentimentConfig, transportStatus = new TransportStatus()): DynamicModule {
    return {
      module: ReviewSentimentModule,
      imports: [BusModule.forRoot(busOptionsOf(config))],
      controllers: [ReviewSubmittedHandler, ReviewSummaryHandler, HealthController],
      providers: [
        { provide: REVIEW_SENTIMENT_CONFIG, useValue: config },
        { provide: TransportStatus, useValue: transportStatus },
        {
          provide: LlmGateway,
          useFactory: async (): Promise<LlmGateway> => {
            // Without a provider every answer is local: the gateway's cache, flights and budgets
            // would only hold Redis connections open.
            const llm = config.llm.providers.length ? config.llm : { ...config.llm, redisUrl: undefined };
            const gateway = new LlmGateway({ config: llm });
            await gateway.start();
            return gateway;
          },
        },
        {
          provide: SentimentAnalysis,
          inject: [LlmGateway],
          useFactory: (gateway: LlmGateway) => new SentimentAnalysis(gateway),
        },
        {
          provide: ReviewAggregateStore,
          inject: [BUS_REDIS, EffectsLedger],
          useFactory: (redis: Redis, ledger: EffectsLedger) =>
            new ReviewAggregateStore(redis, ledger, config.summary.quotesKept),
        },
        {
          provide: SummaryRefresher,
          inject: [ReviewAggregateStore],
          useFactory: (store: ReviewAggregateStore) =>
            new SummaryRefresher(store, config.summary.debounceMs, 2 * config.summary.quotesKept),
        },
        GracefulShutdown,
      ],
    };
  }
}
