// Reads the "product" field of an evaluation line: a product-upserted event as proto3 JSON.
// Kept tolerant of the event shape so the evaluation data stays readable by hand.

export interface EvalProduct {
  eventId: string;
  id: string;
  sku: string;
  title: string;
  brand: string;
  categoryPath: string[];
  description: string;
  attributes: Record<string, string>;
  price?: { amount: string; currency: string };
  ageMinMonths?: number;
  ageMaxMonths?: number;
}

type Json = Record<string, unknown>;

function str(v: unknown): string {
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '';
}

function num(v: unknown): number | undefined {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v !== '' ? Number(v) : NaN;
  return Number.isFinite(n) ? n : undefined;
}

export function readEvalProduct(event: unknown): EvalProduct {
  const root = (event ?? {}) as Json;
  const p = (typeof root.product === 'object' && root.product !== null ? root.product : root) as Json;
  const envelope = (root.envelope ?? {}) as Json;
  const attributes: Record<string, string> = {};
  for (const [k, v] of Object.entries((p.attributes ?? {}) as Json)) attributes[k] = str(v);
  const price = (p.price ?? undefined) as Json | undefined;
  const category = p.categoryPath ?? p.category_path ?? p.categories;
  return {
    eventId: str(envelope.eventId ?? envelope.event_id) || `eval-${str(p.productId ?? p.id)}`,
    id: str(p.productId ?? p.product_id ?? p.id),
    sku: str(p.sku),
    title: str(p.title),
    brand: str(p.brand),
    categoryPath: Array.isArray(category) ? category.map(str) : str(category).split(/\s*[>/]\s*/).filter(Boolean),
    description: str(p.description),
    attributes,
    price: price ? { amount: str(price.amount ?? price.units), currency: str(price.currency ?? price.currencyCode) } : undefined,
    ageMinMonths: num(p.ageMinMonths ?? p.age_min_months),
    ageMaxMonths: num(p.ageMaxMonths ?? p.age_max_months),
  };
}
