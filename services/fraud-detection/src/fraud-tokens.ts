// Injection tokens for providers that are interfaces or plain values.
export const FRAUD_CONFIG = Symbol('FRAUD_CONFIG');
export const FEATURE_STORE = Symbol('FEATURE_STORE');
