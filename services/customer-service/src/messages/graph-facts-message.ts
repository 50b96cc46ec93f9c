// A graph.query neighbours reply about one product → the facts a product answer may state.
import { Direction, Relation, type GraphQueryReply } from '@shopmind/contracts';
import type { ProductFacts } from '../domain/product-answer.js';

export function productFactsOf(title: string, reply: GraphQueryReply | undefined): ProductFacts {
  const of = (relation: Relation): string[] => [
    ...new Set(
      (reply?.neighbours ?? [])
        .filter((n) => n.relation === relation && n.direction !== Direction.IN && n.node)
        .map((n) => n.node!.label || n.node!.id),
    ),
  ];
  const numberOf = (relation: Relation): number | undefined => {
    const n = reply?.neighbours.find((x) => x.relation === relation && x.direction !== Direction.IN);
    if (!n) return undefined;
    const value = n.number ?? Number(n.node?.id);
    return Number.isFinite(value) ? value : undefined;
  };
  return {
    title,
    brand: of(Relation.BRAND)[0],
    category: of(Relation.IN_CATEGORY)[0],
    materials: of(Relation.MADE_OF),
    colors: of(Relation.HAS_COLOR),
    features: of(Relation.HAS_FEATURE).slice(0, 4),
    ageMin: numberOf(Relation.AGE_MIN),
    ageMax: numberOf(Relation.AGE_MAX),
    audiences: of(Relation.FOR_AUDIENCE),
    occasions: of(Relation.FOR_OCCASION),
    praisedFor: of(Relation.PRAISED_FOR).slice(0, 3),
    criticizedFor: of(Relation.CRITICIZED_FOR).slice(0, 3),
  };
}
