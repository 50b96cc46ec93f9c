// Runs the graph extraction task through the LLM gateway. With a provider, the model's facts are
// constrained to the ontology and joined with the facts read from structured attributes (which
// need no model); on the local tier the embedded extractor's facts are used as they are, with
// their own provenance. The answer says which tier answered and why a lesser one did. When every
// provider is rate-limited, the gateway's LlmDeferred (a DeferError) propagates and the bus
// redelivers the event later.
import type { EventContext } from '@shopmind/bus';
import type { LlmGateway, Tier } from '@shopmind/llm-gateway';
import { resultSourceOf, runOptionsForEvent, type ResultSourceMessage } from '@shopmind/service-kit';
import type { EntityResolver } from '../domain/entity-resolver.js';
import type { ProductRecord } from '../domain/product-record.js';
import { dedupeTriples, type Triple } from '../domain/triple.js';
import { knowledgeGraphMetrics } from '../knowledge-graph-metrics.js';
import { constrainToOntology, graphExtractionTask } from '../tasks/graph-extraction-task.js';
import {
  LocalGraphExtractor,
  type LocalReading,
} from '../tasks/local-graph-extractor/local-graph-extractor.js';

export interface Extraction {
  triples: Triple[];
  tier: Tier;
  source: ResultSourceMessage;
}

export class GraphExtraction {
  private readonly extractor: LocalGraphExtractor;
  private readonly task: ReturnType<typeof graphExtractionTask>;
  /**
   * The local extraction of each product being extracted, made at most once: the local tier's
   * answer and the attribute facts kept beside a model's answer are the same reading of the text
   * (the most expensive part of an upsert), keyed by the product object the gateway is handed.
   */
  private readonly localFacts = new WeakMap<ProductRecord, () => Triple[]>();

  constructor(
    private readonly gateway: LlmGateway,
    private readonly resolver: EntityResolver,
  ) {
    this.extractor = new LocalGraphExtractor(resolver);
    this.task = graphExtractionTask(this.extractor, (p) => this.localFacts.get(p)?.());
  }

  async extract(product: ProductRecord, ctx: EventContext): Promise<Extraction> {
    let reading: LocalReading | undefined;
    const read = (): LocalReading => (reading ??= this.extractor.read(product, ctx.eventId));
    this.localFacts.set(product, () => read().triples);
    const run = await this.gateway.run(this.task, product, runOptionsForEvent(ctx));
    const local = read().triples;
    let triples: Triple[];
    const source = resultSourceOf(run, this.task);
    if (run.source.tier === 'local') {
      triples = local;
      // A language no local reader covers: the answer holds only the language-free facts.
      const reason = read().degradedReason;
      if (reason)
        source.degradedReason = [source.degradedReason, reason].filter(Boolean).join('; ').slice(0, 256);
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
    return { triples, tier: run.source.tier, source };
  }
}
