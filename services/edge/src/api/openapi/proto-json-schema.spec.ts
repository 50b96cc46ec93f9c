// The OpenAPI schemas read from the proto descriptors describe the proto3 JSON the API takes and gives.
import { describe, expect, it } from '@jest/globals';
import { ProductSchema, Queries, ReviewSubmittedSchema } from '@shopmind/contracts';
import { ProtoSchemas } from './proto-json-schema.js';

describe('ProtoSchemas', () => {
  it('names fields in camelCase, enums by name, 64-bit integers as strings and timestamps as date-time', () => {
    const schemas = new ProtoSchemas();
    expect(schemas.ref(ReviewSubmittedSchema)).toEqual({
      $ref: '#/components/schemas/shopmind.review.v1.ReviewSubmitted',
    });
    const review = schemas.components['shopmind.review.v1.ReviewSubmitted']!;
    expect(Object.keys(review.properties!)).toEqual(
      expect.arrayContaining(['envelope', 'productId', 'verifiedPurchase']),
    );
    const envelope = schemas.components['shopmind.common.v1.Envelope']!;
    expect(envelope.properties!.occurredAt).toMatchObject({ type: 'string', format: 'date-time' });
    schemas.ref(ProductSchema);
    const product = schemas.components['shopmind.catalog.v1.Product']!;
    expect(product.properties!.attributes).toEqual({
      type: 'object',
      additionalProperties: { type: 'string' },
    });
    expect(product.properties!.stock).toMatchObject({ type: 'string', format: 'int64' });
  });

  it('leaves out meta from a request body, and lists enum values by name', () => {
    const schemas = new ProtoSchemas();
    schemas.ref(Queries.graphQuery.request, { name: 'GraphBody', omit: ['meta'] });
    const body = schemas.components.GraphBody!;
    expect(body.properties!.meta).toBeUndefined();
    expect(body.properties!.limit).toMatchObject({ type: 'integer', minimum: 0 });
    expect(body.description).toMatch(/`neighbours`, `paths`, `match`/);
    expect(schemas.components['shopmind.graph.v1.NodeKind']!.enum).toContain('NODE_KIND_PRODUCT');
  });
});
