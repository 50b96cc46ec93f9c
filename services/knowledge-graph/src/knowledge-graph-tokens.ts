// Injection tokens for plain values.
export const KNOWLEDGE_GRAPH_CONFIG = Symbol('KNOWLEDGE_GRAPH_CONFIG');
