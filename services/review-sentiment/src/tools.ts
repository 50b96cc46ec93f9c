// review-sentiment's way in for tests/, scripts/, the benches and the evals: the service definition
// they run in-process, the review analyser and task the evals score, and the evaluation metrics.
// (main.ts starts the service when imported; config.ts is imported directly.)
export { reviewSentiment } from './review-sentiment.module.js';
export { aspectScores, parseAspectTsv, type AspectPair } from './evaluation/aspect-metrics.js';
export { parsePolarityTsv, polarityFigures } from './evaluation/polarity-metrics.js';
export {
  ASPECTS,
  ReviewAnalyser,
  withRatingEvidence,
  type AspectModelWeights,
  type ReviewAnalysis,
} from './tasks/review-analyser/index.js';
export { reviewSentimentTask } from './tasks/review-sentiment-task.js';
