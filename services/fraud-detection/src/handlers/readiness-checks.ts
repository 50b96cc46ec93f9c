// What fraud-detection adds to the kit's /readyz: the rule set and the model it scores with, by
// version (the transport, Redis and the gateway are the kit's own checks).
import { Inject, Injectable } from '@nestjs/common';
import type { HealthIndicatorService } from '@nestjs/terminus';
import type { ReadinessCheck } from '@shopmind/service-kit';
import { RuleSetLoader } from '../application/rule-set-loader.js';
import { RiskModel } from '../domain/risk-model.js';

/** The active rule set (a refused reload keeps the previous one, so it stays ready). */
@Injectable()
export class RulesLoadedCheck implements ReadinessCheck {
  readonly name = 'rules';
  constructor(@Inject(RuleSetLoader) private readonly loader: RuleSetLoader) {}

  check(indicator: HealthIndicatorService) {
    const rules = this.loader.rules;
    return indicator.check(this.name).up({ version: rules.version, rules: rules.rules.length });
  }
}

@Injectable()
export class ModelLoadedCheck implements ReadinessCheck {
  readonly name = 'model';
  constructor(@Inject(RiskModel) private readonly model: RiskModel) {}

  check(indicator: HealthIndicatorService) {
    return indicator.check(this.name).up({ version: this.model.version });
  }
}
