// Translation between the graph's domain (triples, node ids "Type:name") and the graph contract.
import { resultEnvelope } from '@shopmind/service-kit';
import { create, type MessageShape } from '@bufbuild/protobuf';
import { timestampNow } from '@bufbuild/protobuf/wkt';
import type { EventContext } from '@shopmind/bus';
import {
  GraphOperation,
  GraphUpdatedSchema,
  NodeKind,
  NodeSchema,
  Relation as RelationPb,
  ResultSourceSchema,
  SourceTier,
  TripleSchema,
  type GraphUpdated,
  type Node,
  type Triple as TriplePb,
} from '@shopmind/contracts';
import {
  NUMERIC_RELATIONS,
  OBJECT_TYPE,
  type NodeType,
  type Relation,
  RELATIONS,
} from '../domain/ontology.js';
import type { Triple } from '../domain/triple.js';

export const PRODUCER = 'knowledge-graph';
export const RESULT_KIND = 'graph.updated';
export const ONTOLOGY_VERSION = 'v1';

const KIND_OF_TYPE: Record<NodeType | 'Number', NodeKind> = {
  Product: NodeKind.PRODUCT,
  Brand: NodeKind.BRAND,
  Category: NodeKind.CATEGORY,
  Material: NodeKind.MATERIAL,
  Color: NodeKind.COLOR,
  Feature: NodeKind.FEATURE,
  AgeRange: NodeKind.AGE_RANGE,
  Audience: NodeKind.AUDIENCE,
  Occasion: NodeKind.OCCASION,
  Aspect: NodeKind.ASPECT,
  Number: NodeKind.NUMBER,
};
const TYPE_OF_KIND = new Map<NodeKind, NodeType | 'Number'>(
  Object.entries(KIND_OF_TYPE).map(([t, k]) => [k, t as NodeType | 'Number']),
);

export function relationToPb(r: Relation): RelationPb {
  return RelationPb[r];
}

export function relationFromPb(r: RelationPb): Relation | undefined {
  const name = RelationPb[r];
  return (RELATIONS as readonly string[]).includes(name) ? (name as Relation) : undefined;
}

export function nodeTypeOfKind(kind: NodeKind): NodeType | 'Number' | undefined {
  return TYPE_OF_KIND.get(kind);
}

/** "Material:wood" → Node { kind: MATERIAL, id: "wood" }. */
export function nodeOf(nodeId: string, label?: string): Node {
  const cut = nodeId.indexOf(':');
  const type = nodeId.slice(0, cut) as NodeType | 'Number';
  const id = nodeId.slice(cut + 1);
  return create(NodeSchema, { kind: KIND_OF_TYPE[type] ?? NodeKind.UNSPECIFIED, id, label: label ?? id });
}

export function tripleToPb(t: Triple, occurredAt = timestampNow()): TriplePb {
  const numeric = NUMERIC_RELATIONS.has(t.relation);
  return create(TripleSchema, {
    subject: nodeOf(`Product:${t.subject}`),
    relation: relationToPb(t.relation),
    object: numeric
      ? nodeOf(`Number:${Number(t.object)}`)
      : nodeOf(`${OBJECT_TYPE[t.relation]}:${String(t.object)}`),
    ...(numeric ? { number: Number(t.object) } : {}),
    count: t.count ?? 0,
    provenance: {
      sourceEventId: t.provenance.sourceEventId,
      extractor: t.provenance.extractor,
      confidence: t.provenance.confidence,
      occurredAt,
    },
  });
}

/** The source of what the graph answers or removes by itself, with no model involved. */
export function storeSource(): MessageShape<typeof ResultSourceSchema> {
  return create(ResultSourceSchema, { tier: SourceTier.STORE, provider: PRODUCER });
}

export function graphUpdatedOf(
  ctx: EventContext,
  update: {
    productId: string;
    productVersion: bigint;
    operation: GraphOperation;
    added: Triple[];
    removed: Triple[];
    source: MessageShape<typeof ResultSourceSchema>;
  },
): GraphUpdated {
  return create(GraphUpdatedSchema, {
    envelope: resultEnvelope(ctx, { producer: PRODUCER, kind: RESULT_KIND }),
    productId: update.productId,
    productVersion: update.productVersion,
    operation: update.operation,
    added: update.added.map((t) => tripleToPb(t)),
    removed: update.removed.map((t) => tripleToPb(t)),
    source: update.source,
    ontologyVersion: ONTOLOGY_VERSION,
  });
}

export { GraphOperation };
