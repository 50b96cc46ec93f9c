// Runs the graph extraction task through the LLM gateway. With a provider, the model's facts are
// constrained to the ontology and joined with the facts read from structured attributes (which
// need no model); on the local tier the embedded extractor's facts are used as they are, with
// their own provenance. The answer says which tier answered and why a lesser one did.
import { create, type MessageShape } from '@bufbuild/protobuf';
import { DeferError, type EventContext } from '@shopmind/bus';
import { ResultSourceSchema, SourceTier } from '@shopmind/contracts';
import { LlmDeferred, type LlmGateway, type Tier } from '@shopmind/llm-gateway';
import { EntityResolver } from '../domain/entity-resolver.js';
import { LocalGraphExtractor } from '../domain/local-graph-extractor.js';
import type { ProductRecord } from '../domain/product-record.js';
import { dedupeTriples, type Triple } from '../domain/triple.js';
import { knowledgeGraphMetrics } from '../knowledge-graph-metrics.js';
import { constrainToOntology, graphExtractionTask } from '../tasks/graph-extraction-task.js';

const TIERS: Record<Tier, SourceTier> = {
  cache: SourceTier.CACHE,
  provider: SourceTier.PROVIDER,
  local: SourceTier.LOCAL,
};

export interface Extraction {
  triples: Triple[];
  tier: Tier;
  source: MessageShape<typeof ResultSourceSchema>;
}

export class GraphExtraction {
  private readonly extractor: LocalGraphExtractor;
  private readonly task: ReturnType<typeof graphExtractionTask>;

  constructor(
    private readonly gateway: LlmGateway,
    private readonly resolver: EntityResolver,
  ) {
    this.extractor = new LocalGraphExtractor(resolver);
    this.task = graphExtractionTask(this.extractor);
  }

  async extract(product: ProductRecord, ctx: EventContext): Promise<Extraction> {
    let run;
    try {
      run = await this.gateway.run(this.task, product, {
        tenant: ctx.tenant,
        eventId: ctx.eventId,
        deliveriesLeft: ctx.maxDeliver - ctx.deliveryCount,
        canDefer: ctx.canDefer,
      });
    } catch (err) {
      if (err instanceof LlmDeferred) throw new DeferError(err.message, err.retryAfterMs);
      throw err;
    }
    const local = this.extractor.extract(product, ctx.eventId);
    let triples: Triple[];
    if (run.source.tier === 'local') {
      triples = local;
    } else {
      const { triples: fromModel, dropped } = constrainToOntology(
        product.id,
        run.output,
        ctx.eventId,
        'llm',
        this.resolver,
      );
      if (dropped) knowledgeGraphMetrics().droppedFacts.add(dropped);
      triples = dedupeTriples([
        ...local.filter((t) => t.provenance.extractor === 'attributes'),
        ...fromModel,
      ]);
    }
    const s = run.source;
    const source = create(ResultSourceSchema, {
      tier: TIERS[s.tier],
      provider: (s.tier === 'local' ? 'local' : (s.provider ?? '')).slice(0, 64),
      model: (s.model ?? '').slice(0, 128),
      degradedReason: (s.degraded ?? '').slice(0, 256),
      promptVersion: `${this.task.name}@${this.task.version}`,
      inputTokens: run.usage.inputTokens,
      outputTokens: run.usage.outputTokens,
      costUsd: run.costUsd,
    });
    return { triples, tier: s.tier, source };
  }
}
