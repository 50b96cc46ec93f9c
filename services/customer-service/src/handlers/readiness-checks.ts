// What customer-service adds to the kit's /readyz: the shipped (or mounted) default knowledge base
// loads, so a tenant without its own policy can be answered.
import { Inject, Injectable } from '@nestjs/common';
import type { HealthIndicatorService } from '@nestjs/terminus';
import type { ReadinessCheck } from '@shopmind/service-kit';
import { KnowledgeBaseLoader } from '../application/knowledge-base-loader.js';

@Injectable()
export class KnowledgeBaseCheck implements ReadinessCheck {
  readonly name = 'knowledge_base';
  constructor(@Inject(KnowledgeBaseLoader) private readonly loader: KnowledgeBaseLoader) {}

  check(indicator: HealthIndicatorService) {
    const kb = this.loader.defaultPolicies().knowledgeBase;
    return indicator.check(this.name).up({ source: kb.source, sections: kb.sections.length });
  }
}
