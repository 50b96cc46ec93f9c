// A fact in the graph with where it came from.

import type { Relation } from './ontology.js';

export type Extractor = 'attributes' | 'local-nlp' | 'llm' | 'review-analysis' | 'derived';

export interface Provenance {
  /** Event id of the product upsert or analysed review that stated the fact. */
  sourceEventId: string;
  extractor: Extractor;
  /** 0..1: how sure the extractor is. */
  confidence: number;
}

export interface Triple {
  subject: string;
  relation: Relation;
  /** Canonical name of the object node, or a number of years for AGE_MIN / AGE_MAX. */
  object: string | number;
  provenance: Provenance;
  /** Number of reviews behind PRAISED_FOR / CRITICIZED_FOR. */
  count?: number;
}

/** Identity of a fact regardless of provenance. */
export function tripleKey(t: Pick<Triple, 'subject' | 'relation' | 'object'>): string {
  return `${t.subject}|${t.relation}|${String(t.object)}`;
}

/** Keeps one triple per fact, the most confident. */
export function dedupeTriples(triples: Triple[]): Triple[] {
  const best = new Map<string, Triple>();
  for (const t of triples) {
    const key = tripleKey(t);
    const seen = best.get(key);
    if (!seen || seen.provenance.confidence < t.provenance.confidence) best.set(key, t);
  }
  return [...best.values()];
}
