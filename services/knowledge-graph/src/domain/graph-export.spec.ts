import { describe, expect, it } from '@jest/globals';
import { type ExportedProduct, toCypher, toJsonLd } from './graph-export.js';

const products: ExportedProduct[] = [
  {
    id: 'p1',
    title: "Kids' Puzzle",
    facts: [
      {
        subject: 'p1',
        relation: 'MADE_OF',
        object: 'wood',
        provenance: { sourceEventId: 'e1', extractor: 'attributes', confidence: 0.95 },
      },
      {
        subject: 'p1',
        relation: 'AGE_MIN',
        object: 3,
        provenance: { sourceEventId: 'e1', extractor: 'local-nlp', confidence: 0.8 },
      },
    ],
    reviews: [{ relation: 'PRAISED_FOR', aspect: 'quality', count: 4 }],
    similar: [{ productId: 'p2', weight: 0.5 }],
  },
];

describe('graph export', () => {
  it('writes idempotent Cypher with provenance and escaped strings', () => {
    const cypher = toCypher('acme', products);
    expect(cypher).toContain("MERGE (p:Product {tenant: 'acme', id: 'p1'}) SET p.title = 'Kids\\' Puzzle';");
    expect(cypher).toContain(
      "MERGE (o:Material {tenant: 'acme', id: 'wood'}) MERGE (p)-[r:MADE_OF]->(o) SET r.source_event_id = 'e1', r.extractor = 'attributes', r.confidence = 0.95;",
    );
    expect(cypher).toContain('SET o.years = 3');
    expect(cypher).toContain('r.count = 4');
    expect(cypher).toContain('MERGE (a)-[r:SIMILAR_TO]-(b) SET r.weight = 0.5');
  });

  it('writes JSON-LD with schema.org terms and node references', () => {
    const doc = toJsonLd('acme', products);
    const graph = doc['@graph'] as Record<string, unknown>[];
    expect(graph[0]).toMatchObject({
      '@id': 'urn:shopmind:acme:product:p1',
      '@type': 'Product',
      MADE_OF: { '@id': 'urn:shopmind:acme:material:wood' },
      AGE_MIN: 3,
    });
    expect(graph).toContainEqual({
      '@id': 'urn:shopmind:acme:material:wood',
      '@type': 'Material',
      name: 'wood',
    });
    expect((doc['@context'] as Record<string, unknown>).MADE_OF).toEqual({
      '@id': 'schema:material',
      '@type': '@id',
    });
  });
});
