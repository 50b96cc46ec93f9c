// The review-sentiment domain: pure analysis of review text, no I/O.
export { ReviewAnalyzer } from './review-analyzer.js';
export type { AspectSentiment, Polarity, ReviewAnalysis, ReviewAnalyzerOptions, ReviewInput } from './review-analyzer.js';
export { ASPECTS, type AspectDefinition, type AspectName } from './aspect-taxonomy.js';
export { detectLanguage, type LanguageGuess } from './language-detector.js';
export { isInstructionToModel } from './instruction-filter.js';
