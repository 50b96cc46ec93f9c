// Injection tokens for plain values.
export const REVIEW_SENTIMENT_CONFIG = Symbol('REVIEW_SENTIMENT_CONFIG');
