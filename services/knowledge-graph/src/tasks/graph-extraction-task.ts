// The LLM task that reads a product into ontology v1 facts. The model may answer anything;
// `constrainToOntology` keeps only relations of the ontology with well-typed objects and resolves
// every object to its canonical node, so nothing outside the ontology reaches the graph.

import { defineTask } from '@shopmind/llm-gateway';
import { z } from 'zod';
import { EntityResolver } from '../domain/entity-resolver.js';
import { LocalGraphExtractor } from './local-graph-extractor/local-graph-extractor.js';
import { isProductRelation, NUMERIC_RELATIONS, OBJECT_TYPE, PRODUCT_RELATIONS } from '../domain/ontology.js';
import type { ProductRecord } from '../domain/product-record.js';
import { dedupeTriples, type Triple } from '../domain/triple.js';

export const graphFactsSchema = z.object({
  facts: z.array(
    z.object({
      relation: z.string().min(1),
      object: z.union([z.string(), z.number()]),
      confidence: z.number().min(0).max(1),
    }),
  ),
});
export type GraphFacts = z.infer<typeof graphFactsSchema>;

const SYSTEM = `You extract product facts for a shop's knowledge graph (ontology v1).
Allowed relations, each with the kind of object:
BRAND (brand name), IN_CATEGORY (the most specific category), MADE_OF (material), HAS_COLOR (colour),
HAS_FEATURE (short feature phrase, e.g. "dishwasher safe"), AGE_MIN and AGE_MAX (a number of years;
18 months = 1.5), FOR_AUDIENCE (e.g. "kids", "women"), FOR_OCCASION (e.g. "birthday", "camping"),
REQUIRES (what the product needs to work, e.g. "aa battery"), COMPATIBLE_WITH (a product or system it works with).
Use only facts stated in the data. Objects are lower case and singular. Give each fact a confidence 0..1.
Never use another relation.`;

/**
 * `extracted` gives the local extraction already made of this very product object, if any: the
 * service extracts once per event and hands the same object to the gateway, so the local tier need
 * not read the text a second time.
 */
export function graphExtractionTask(
  extractor = new LocalGraphExtractor(),
  extracted: (p: ProductRecord) => Triple[] | undefined = () => undefined,
) {
  return defineTask<ProductRecord, GraphFacts>({
    name: 'graph.extract',
    version: 'graph-extract-v1',
    output: graphFactsSchema,
    cacheTtlSeconds: 7 * 24 * 3600,
    shareable: true,
    onUnavailable: 'fallback',
    modelPreferences: { temperature: 0, maxOutputTokens: 800 },
    // The prompt does not carry the declared language, so neither does the cache key.
    cacheInput: ({ language: _language, ...p }) => ({ ...p, id: '' }),
    buildPrompt: (p) => ({
      system: SYSTEM,
      data: {
        title: p.title,
        brand: p.brand,
        category_path: p.categoryPath,
        attributes: p.attributes,
        description: p.description,
        age_min_months: p.ageMinMonths,
        age_max_months: p.ageMaxMonths,
      },
      instructions: 'List the facts of the product in the data block, using only the allowed relations.',
    }),
    local: (p) => ({
      facts: (extracted(p) ?? extractor.extract(p, '')).map((t) => ({
        relation: t.relation,
        object: t.object,
        confidence: t.provenance.confidence,
      })),
    }),
  });
}

/** Drops every fact outside ontology v1 (unknown relation, non-numeric age, empty object) and resolves the rest. */
export function constrainToOntology(
  productId: string,
  answer: GraphFacts,
  sourceEventId: string,
  extractor: Triple['provenance']['extractor'],
  resolver = new EntityResolver(),
): { triples: Triple[]; dropped: number } {
  const triples: Triple[] = [];
  let dropped = 0;
  for (const fact of answer.facts) {
    const relation = fact.relation.trim().toUpperCase();
    if (!isProductRelation(relation)) {
      dropped += 1;
      continue;
    }
    let object: string | number;
    if (NUMERIC_RELATIONS.has(relation)) {
      const n = typeof fact.object === 'number' ? fact.object : Number(String(fact.object).trim());
      if (!Number.isFinite(n) || n < 0 || n > 120) {
        dropped += 1;
        continue;
      }
      object = Math.round(n * 100) / 100;
    } else {
      object = resolver.resolve(OBJECT_TYPE[relation], String(fact.object));
      if (!object || object.length > 120) {
        dropped += 1;
        continue;
      }
    }
    triples.push({
      subject: productId,
      relation,
      object,
      provenance: { sourceEventId, extractor, confidence: fact.confidence },
    });
  }
  return { triples: dedupeTriples(triples), dropped };
}

export { PRODUCT_RELATIONS };
