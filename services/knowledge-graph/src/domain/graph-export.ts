// Exports a tenant's graph for other tools: Cypher statements for Neo4j (idempotent MERGEs, with
// provenance on every relationship) and JSON-LD (schema.org where it has a term, our ontology
// namespace otherwise).

import { NUMERIC_RELATIONS, OBJECT_TYPE, type ReviewRelation } from './ontology.js';
import type { Triple } from './triple.js';

export interface ExportedProduct {
  id: string;
  title: string;
  facts: Triple[];
  reviews: { relation: ReviewRelation; aspect: string; count: number }[];
  similar: { productId: string; weight: number }[];
}

export const ONTOLOGY_IRI = 'https://shopmind.dev/ontology/v1#';

function cypherString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

export function toCypher(tenant: string, products: ExportedProduct[]): string {
  const t = cypherString(tenant);
  const lines: string[] = [`// ShopMind knowledge graph, ontology v1, tenant ${tenant}`];
  for (const p of products) {
    const pid = cypherString(p.id);
    lines.push(`MERGE (p:Product {tenant: ${t}, id: ${pid}}) SET p.title = ${cypherString(p.title)};`);
    for (const f of p.facts) {
      const label = OBJECT_TYPE[f.relation];
      const props = `r.source_event_id = ${cypherString(f.provenance.sourceEventId)}, r.extractor = ${cypherString(f.provenance.extractor)}, r.confidence = ${f.provenance.confidence}`;
      const object = NUMERIC_RELATIONS.has(f.relation)
        ? `MERGE (o:AgeRange {tenant: ${t}, id: ${cypherString(String(f.object))}}) SET o.years = ${Number(f.object)}`
        : `MERGE (o:${label} {tenant: ${t}, id: ${cypherString(String(f.object))}})`;
      lines.push(
        `MATCH (p:Product {tenant: ${t}, id: ${pid}}) ${object} MERGE (p)-[r:${f.relation}]->(o) SET ${props};`,
      );
    }
    for (const r of p.reviews) {
      lines.push(
        `MATCH (p:Product {tenant: ${t}, id: ${pid}}) MERGE (o:Aspect {tenant: ${t}, id: ${cypherString(r.aspect)}}) MERGE (p)-[r:${r.relation}]->(o) SET r.count = ${r.count}, r.extractor = 'review-analysis';`,
      );
    }
    for (const s of p.similar) {
      if (s.productId < p.id) continue; // one statement per undirected pair
      lines.push(
        `MATCH (a:Product {tenant: ${t}, id: ${pid}}), (b:Product {tenant: ${t}, id: ${cypherString(s.productId)}}) MERGE (a)-[r:SIMILAR_TO]-(b) SET r.weight = ${s.weight}, r.extractor = 'derived';`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

function iri(tenant: string, type: string, id: string): string {
  return `urn:shopmind:${encodeURIComponent(tenant)}:${type.toLowerCase()}:${encodeURIComponent(id)}`;
}

type JsonLdNode = Record<string, unknown>;

export function toJsonLd(tenant: string, products: ExportedProduct[]): JsonLdNode {
  const graph: JsonLdNode[] = [];
  const nodes = new Map<string, JsonLdNode>();
  const ref = (type: string, id: string): { '@id': string } => {
    const at = iri(tenant, type, id);
    if (!nodes.has(at)) nodes.set(at, { '@id': at, '@type': type, name: id });
    return { '@id': at };
  };
  for (const p of products) {
    const node: JsonLdNode = {
      '@id': iri(tenant, 'Product', p.id),
      '@type': 'Product',
      identifier: p.id,
      name: p.title,
    };
    const add = (key: string, value: unknown): void => {
      const existing = node[key];
      node[key] =
        existing === undefined ? value : Array.isArray(existing) ? [...existing, value] : [existing, value];
    };
    for (const f of p.facts) {
      add(
        f.relation,
        NUMERIC_RELATIONS.has(f.relation) ? Number(f.object) : ref(OBJECT_TYPE[f.relation], String(f.object)),
      );
    }
    for (const r of p.reviews)
      add(r.relation, { '@type': 'AspectMention', aspect: ref('Aspect', r.aspect), count: r.count });
    for (const s of p.similar)
      add('SIMILAR_TO', {
        '@type': 'Similarity',
        product: { '@id': iri(tenant, 'Product', s.productId) },
        weight: s.weight,
      });
    graph.push(node);
  }
  return {
    '@context': {
      '@vocab': ONTOLOGY_IRI,
      schema: 'https://schema.org/',
      Product: 'schema:Product',
      Brand: 'schema:Brand',
      name: 'schema:name',
      identifier: 'schema:identifier',
      BRAND: { '@id': 'schema:brand', '@type': '@id' },
      IN_CATEGORY: { '@id': 'schema:category', '@type': '@id' },
      MADE_OF: { '@id': 'schema:material', '@type': '@id' },
      HAS_COLOR: { '@id': 'schema:color', '@type': '@id' },
      AGE_MIN: { '@id': `${ONTOLOGY_IRI}AGE_MIN`, '@type': 'schema:Number' },
      AGE_MAX: { '@id': `${ONTOLOGY_IRI}AGE_MAX`, '@type': 'schema:Number' },
    },
    '@graph': [...graph, ...nodes.values()],
  };
}
