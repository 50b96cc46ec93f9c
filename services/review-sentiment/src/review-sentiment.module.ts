// Wiring only: the sentiment task's runner, the aggregate store, the summary refresher, customer
// erasure and the handlers. The bus, the gateway and health come from the service kit (see main.ts).
import { Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { BUS_REDIS, BusPublisher, EffectsLedger } from '@shopmind/bus';
import { LlmGateway } from '@shopmind/llm-gateway';
import type { ServiceDefinition } from '@shopmind/service-kit';
import type { RedisConnection } from '@shopmind/redis';
import { CustomerErasure } from './application/customer-erasure.js';
import { SentimentAnalysis } from './application/sentiment-analysis.js';
import { SummaryRefresher } from './application/summary-refresher.js';
import type { ReviewSentimentConfig } from './config.js';
import { PrivacyEventsHandler } from './handlers/privacy-events.handler.js';
import { ReviewSubmittedHandler } from './handlers/review-submitted.handler.js';
import { ReviewSummaryHandler } from './handlers/review-summary.handler.js';
import { REVIEW_SENTIMENT_CONFIG } from './review-sentiment-tokens.js';
import { ReviewAggregateStore } from './stores/review-aggregate-store.js';

/** Runs after the bus has stopped and finished its handlers: publish the summaries still pending. */
class FlushPendingSummaries implements OnApplicationShutdown {
  constructor(@Inject(SummaryRefresher) private readonly refresher: SummaryRefresher) {}

  async onApplicationShutdown(): Promise<void> {
    await this.refresher.flush();
  }
}

@Module({})
export class ReviewSentimentModule {
  static forRoot(config: ReviewSentimentConfig): DynamicModule {
    return {
      module: ReviewSentimentModule,
      controllers: [ReviewSubmittedHandler, ReviewSummaryHandler, PrivacyEventsHandler],
      providers: [
        { provide: REVIEW_SENTIMENT_CONFIG, useValue: config },
        {
          provide: SentimentAnalysis,
          inject: [LlmGateway],
          useFactory: (gateway: LlmGateway) => new SentimentAnalysis(gateway),
        },
        {
          provide: ReviewAggregateStore,
          inject: [BUS_REDIS, EffectsLedger],
          useFactory: (redis: RedisConnection, ledger: EffectsLedger) =>
            new ReviewAggregateStore(redis, ledger, config.summary.quotesKept),
        },
        {
          provide: SummaryRefresher,
          inject: [ReviewAggregateStore],
          useFactory: (store: ReviewAggregateStore) =>
            new SummaryRefresher(store, config.summary.debounceMs, 2 * config.summary.quotesKept),
        },
        {
          provide: CustomerErasure,
          inject: [ReviewAggregateStore, SummaryRefresher, BusPublisher, LlmGateway],
          useFactory: (
            store: ReviewAggregateStore,
            refresher: SummaryRefresher,
            publisher: BusPublisher,
            gateway: LlmGateway,
          ) => new CustomerErasure(store, refresher, publisher, gateway),
        },
        FlushPendingSummaries,
      ],
    };
  }
}

export const reviewSentiment: ServiceDefinition<ReviewSentimentConfig> = {
  module: (config) => ReviewSentimentModule.forRoot(config),
};
