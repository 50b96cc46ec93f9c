// The service's own metrics (meter `shopmind`), created on first use from the provider registered then.
import { metrics, type Counter } from '@opentelemetry/api';

interface KnowledgeGraphInstruments {
  /** `shopmind.graph.products` — attributes `outcome` (applied | duplicate | stale), `tier`, `degraded`. */
  products: Counter;
  /** `shopmind.graph.deletions` — attribute `outcome` (applied | duplicate | stale | absent). */
  deletions: Counter;
  /** `shopmind.graph.review_facts` — attribute `outcome` (applied | duplicate | deleted). */
  reviewFacts: Counter;
  /** `shopmind.graph.dropped_facts` — LLM facts outside ontology v1, dropped. */
  droppedFacts: Counter;
  /** `shopmind.graph.queries` — attribute `kind` (neighbours | paths | match). */
  queries: Counter;
}

let cached: KnowledgeGraphInstruments | undefined;

export function knowledgeGraphMetrics(): KnowledgeGraphInstruments {
  if (!cached) {
    const m = metrics.getMeter('shopmind');
    cached = {
      products: m.createCounter('shopmind.graph.products', {
        description: 'Product upserts applied to the graph, by outcome and tier',
      }),
      deletions: m.createCounter('shopmind.graph.deletions', {
        description: 'Product deletions, by outcome',
      }),
      reviewFacts: m.createCounter('shopmind.graph.review_facts', {
        description: 'Analysed reviews turned into PRAISED_FOR / CRITICIZED_FOR, by outcome',
      }),
      droppedFacts: m.createCounter('shopmind.graph.dropped_facts', {
        description: 'LLM facts outside the ontology, dropped',
      }),
      queries: m.createCounter('shopmind.graph.queries', { description: 'Graph queries answered, by kind' }),
    };
  }
  return cached;
}
