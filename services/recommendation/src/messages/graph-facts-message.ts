// GraphUpdated (contract) → the change to a product's graph facts: only the relations content
// similarity uses (materials, audiences, features, ages); the rest of the ontology is ignored.
import { GraphOperation, Relation, type GraphUpdated, type Triple } from '@shopmind/contracts';
import { factKey, type FactKind } from '../domain/graph-facts.js';

export interface GraphFactsChange {
  productId: string;
  productVersion: number;
  /** The product left the graph: every fact goes. */
  removedFromGraph: boolean;
  added: string[];
  removed: string[];
}

const KINDS: Partial<Record<Relation, FactKind>> = {
  [Relation.MADE_OF]: 'material',
  [Relation.FOR_AUDIENCE]: 'audience',
  [Relation.HAS_FEATURE]: 'feature',
  [Relation.AGE_MIN]: 'age_min',
  [Relation.AGE_MAX]: 'age_max',
};

function factKeyOf(t: Triple): string[] {
  const kind = KINDS[t.relation];
  if (!kind || !t.object) return [];
  const value =
    kind === 'age_min' || kind === 'age_max' ? String(t.number ?? Number(t.object.id)) : t.object.id;
  return value && value !== 'NaN' ? [factKey(kind, value)] : [];
}

export function graphFactsChangeOf(msg: GraphUpdated): GraphFactsChange {
  return {
    productId: msg.productId,
    productVersion: Number(msg.productVersion),
    removedFromGraph: msg.operation === GraphOperation.REMOVE,
    added: msg.added.flatMap(factKeyOf),
    removed: msg.removed.flatMap(factKeyOf),
  };
}
