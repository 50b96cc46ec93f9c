// fraud-detection's way in for tests/, scripts/, the benches and the evals: the service definition
// they run in-process, the scoring and evaluation pieces, the stores and the labelled stream
// generator. (main.ts starts the service when imported; config.ts is imported directly.)
export { fraudDetection } from './fraud-detection.module.js';
export { FraudScorer } from './application/fraud-scorer.js';
export { RiskModel } from './domain/risk-model.js';
export { parseRuleSet } from './domain/rule-set.js';
export { parseLabelledLine } from './evaluation/order-replay.js';
export { precisionRecall, prAuc, rocAuc } from './evaluation/ranking-metrics.js';
export { serviceAsset } from './service-assets.js';
export type { FeatureStore } from './stores/feature-store.js';
export { FraudFeatureStore } from './stores/fraud-feature-store.js';
export { IdentifierHasher } from './stores/identifier-hasher.js';
export { MemoryFeatureStore } from './stores/memory-feature-store.js';
export { PROFILES, generateStream } from './tools/fraud-stream.js';
export {
  checkFraudAggregates,
  type FraudAggregateCheckOptions,
  type FraudAggregateCheckReport,
  type FraudAggregateDifference,
} from './tools/aggregate-check.js';
