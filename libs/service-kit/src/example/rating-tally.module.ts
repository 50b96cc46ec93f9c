// Wiring only: the handler, its settings and one readiness check of the service's own.
import { Module, type DynamicModule } from '@nestjs/common';
import type { HealthIndicatorService } from '@nestjs/terminus';
import type { ReadinessCheck, ServiceDefinition } from '../index.js';
import { RATING_TALLY_CONFIG, type RatingTallyConfig } from './config.js';
import { ReviewTallyHandler } from './handlers/review-tally.handler.js';

/** Reported in /readyz; a check that throws or reports `down` makes the service not ready. */
export class TallySettingsCheck implements ReadinessCheck {
  readonly name = 'tally';
  constructor(private readonly minRating: number) {}

  check(indicator: HealthIndicatorService) {
    return indicator.check(this.name).up({ minRating: this.minRating });
  }
}

@Module({})
export class RatingTallyModule {
  static forRoot(config: RatingTallyConfig): DynamicModule {
    return {
      module: RatingTallyModule,
      controllers: [ReviewTallyHandler],
      providers: [
        { provide: RATING_TALLY_CONFIG, useValue: config },
        { provide: TallySettingsCheck, useValue: new TallySettingsCheck(config.minRating) },
      ],
    };
  }
}

export const ratingTally: ServiceDefinition<RatingTallyConfig> = {
  module: (config) => RatingTallyModule.forRoot(config),
  readiness: [TallySettingsCheck],
};
