// Ontology v1 of the knowledge graph: the node types, the relations between them and which node
// type each relation points at. Anything an extractor proposes outside this is dropped.

export const NODE_TYPES = [
  'Product',
  'Brand',
  'Category',
  'Material',
  'Color',
  'Feature',
  'AgeRange',
  'Audience',
  'Occasion',
  'Aspect',
] as const;
export type NodeType = (typeof NODE_TYPES)[number];

/** Facts read from the product itself (what the KG evaluation scores). */
export const PRODUCT_RELATIONS = [
  'BRAND',
  'IN_CATEGORY',
  'MADE_OF',
  'HAS_COLOR',
  'HAS_FEATURE',
  'AGE_MIN',
  'AGE_MAX',
  'FOR_AUDIENCE',
  'FOR_OCCASION',
  'REQUIRES',
  'COMPATIBLE_WITH',
] as const;
export type ProductRelation = (typeof PRODUCT_RELATIONS)[number];

/** Facts from analysed reviews; their triples carry a count. */
export const REVIEW_RELATIONS = ['PRAISED_FOR', 'CRITICIZED_FOR'] as const;
export type ReviewRelation = (typeof REVIEW_RELATIONS)[number];

/** Derived from other facts, never extracted. */
export const DERIVED_RELATIONS = ['SIMILAR_TO'] as const;
export type DerivedRelation = (typeof DERIVED_RELATIONS)[number];

export type Relation = ProductRelation | ReviewRelation | DerivedRelation;
export const RELATIONS: readonly Relation[] = [
  ...PRODUCT_RELATIONS,
  ...REVIEW_RELATIONS,
  ...DERIVED_RELATIONS,
];

/** The node type a relation's object belongs to; AGE_MIN / AGE_MAX point at a number of years. */
export const OBJECT_TYPE: Record<Relation, NodeType> = {
  BRAND: 'Brand',
  IN_CATEGORY: 'Category',
  MADE_OF: 'Material',
  HAS_COLOR: 'Color',
  HAS_FEATURE: 'Feature',
  AGE_MIN: 'AgeRange',
  AGE_MAX: 'AgeRange',
  FOR_AUDIENCE: 'Audience',
  FOR_OCCASION: 'Occasion',
  REQUIRES: 'Feature',
  COMPATIBLE_WITH: 'Product',
  PRAISED_FOR: 'Aspect',
  CRITICIZED_FOR: 'Aspect',
  SIMILAR_TO: 'Product',
};

export const NUMERIC_RELATIONS: ReadonlySet<Relation> = new Set<Relation>(['AGE_MIN', 'AGE_MAX']);

export function isRelation(value: string): value is Relation {
  return (RELATIONS as readonly string[]).includes(value);
}

export function isProductRelation(value: string): value is ProductRelation {
  return (PRODUCT_RELATIONS as readonly string[]).includes(value);
}

/** The node id used for an object: numeric relations keep their number, others are typed names. */
export function nodeId(type: NodeType, name: string): string {
  return `${type}:${name}`;
}
