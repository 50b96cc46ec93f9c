// The facts one product reading collects: triples with provenance, empty objects dropped,
// duplicates merged. Shared by the English and the Chinese readers.

import type { ProductRelation } from '../../domain/ontology.js';
import { dedupeTriples, type Extractor, type Triple } from '../../domain/triple.js';

/** Collects triples for one product, dropping empty objects. */
export class FactList {
  private readonly triples: Triple[] = [];
  constructor(
    private readonly subject: string,
    private readonly sourceEventId: string,
  ) {}

  add(relation: ProductRelation, object: string | number, extractor: Extractor, confidence: number): void {
    if (object === '' || (typeof object === 'number' && !Number.isFinite(object))) return;
    this.triples.push({
      subject: this.subject,
      relation,
      object,
      provenance: { sourceEventId: this.sourceEventId, extractor, confidence },
    });
  }

  result(): Triple[] {
    const unique = dedupeTriples(this.triples);
    // "iphone" adds nothing next to "iphone 15"; "nespresso" nothing next to "nespresso original".
    return unique.filter(
      (t) =>
        t.relation !== 'COMPATIBLE_WITH' ||
        !unique.some(
          (o) => o !== t && o.relation === t.relation && String(o.object).startsWith(`${String(t.object)} `),
        ),
    );
  }
}
