// The review-sentiment domain: pure analysis of review text, no I/O.
export { ReviewAnalyser } from './review-analyser.js';
export type {
  AspectSentiment,
  Polarity,
  ReviewAnalysis,
  ReviewAnalyserOptions,
  ReviewInput,
  ReviewPolarity,
} from './review-analyser.js';
export { RATING_WEIGHT, withRatingEvidence } from './rating-evidence.js';
export { ASPECTS, type AspectDefinition, type AspectName } from './aspect-taxonomy.js';
export { detectLanguage, type LanguageGuess } from '@shopmind/vocabulary';
export { isInstructionToModel, withoutInstructions } from './instruction-filter.js';
export type { AspectModelWeights } from './aspect-model.js';
