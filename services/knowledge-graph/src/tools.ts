// knowledge-graph's way in for tests/, scripts/, the benches and the evals: the service definition
// they run in-process and the extraction pieces the evaluation scores. (main.ts starts the service
// when imported; config.ts is imported directly.)
export { knowledgeGraph } from './knowledge-graph.module.js';
export { GraphExtraction } from './application/graph-extraction.js';
export { EntityResolver } from './domain/entity-resolver.js';
export { isProductRelation } from './domain/ontology.js';
export { productRecordOf, type ProductRecord } from './domain/product-record.js';
export { normalisePhrase } from './domain/text-normalisation.js';
export type { Triple } from './domain/triple.js';
export { LocalGraphExtractor } from './tasks/local-graph-extractor/local-graph-extractor.js';
export {
  checkGraphAggregates,
  type GraphAggregateCheckOptions,
  type GraphAggregateCheckReport,
  type GraphAggregateDifference,
} from './tools/aggregate-check.js';
