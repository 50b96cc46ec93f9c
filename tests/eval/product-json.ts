// Reads the "product" field of an evaluation line: a product-upserted event as proto3 JSON,
// decoded and validated by the catalogue contract exactly as the services read it.

import { decodeMessage, type ProductUpserted, ProductUpsertedSchema } from '@shopmind/contracts';

export function readProductUpserted(json: unknown): ProductUpserted {
  return decodeMessage(
    ProductUpsertedSchema,
    new TextEncoder().encode(JSON.stringify(json)),
    'application/json',
  );
}
