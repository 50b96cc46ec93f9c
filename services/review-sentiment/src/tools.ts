// review-sentiment's way in for tests/, scripts/, the benches and the evals: the service definition
// they run in-process, the review analyser and task the evals score, the evaluation metrics, and the
// Chinese polarity model its trainer (src/tools/review-zh-polarity-train.ts) fits.
// (main.ts starts the service when imported; config.ts is imported directly.)
export { reviewSentiment } from './review-sentiment.module.js';
export { aspectScores, parseAspectTsv, type AspectPair } from './evaluation/aspect-metrics.js';
export { parsePolarityTsv, polarityFigures } from './evaluation/polarity-metrics.js';
export {
  ASPECTS,
  isInstructionToModel,
  ReviewAnalyser,
  withRatingEvidence,
  withoutInstructions,
  type AspectModelWeights,
  type ReviewAnalysis,
} from './tasks/review-analyser/index.js';
export { reviewSentimentTask, withLanguageReason } from './tasks/review-sentiment-task.js';
export { ZhPolarityModel, type ZhPolarityWeights } from './tasks/review-analyser/zh/zh-polarity-model.js';
export {
  checkReviewAggregates,
  type AggregateCheckOptions,
  type AggregateCheckReport,
  type AggregateDifference,
} from './tools/aggregate-check.js';
