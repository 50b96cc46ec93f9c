// What the guide judges a product by: the catalogue facts the recommender keeps (ProductFacts),
// the catalogue's own safety-relevant facts (age range, attributes, description) and the knowledge
// graph's facts (ages in years, materials, features). Filled by the service from its stores.
import type { GraphFacts } from '../graph-facts.js';
import type { ProductFacts } from '../product-facts.js';

export interface CatalogueFacts {
  /** The catalogue's age_range.min_months / max_months, when it gives them. */
  ageMinMonths?: number;
  ageMaxMonths?: number;
  attributes: Record<string, string>;
  description: string;
}

export interface GuideCandidate {
  product: ProductFacts;
  catalogue: CatalogueFacts;
  graph: GraphFacts;
}

const NEGATED_BEFORE = /\b(?:no|not|non|without|free of|free from|never|nor)\s+(?:\S+\s+){0,2}$/;
const FREE_AFTER = /^[- ]?free\b/;

/** Whether `text` mentions `pattern` other than to deny it ("no small parts", "battery-free"). */
export function mentions(text: string, pattern: RegExp): boolean {
  const re = new RegExp(pattern.source, 'gi');
  const lower = text.toLowerCase();
  for (const m of lower.matchAll(re)) {
    const before = lower.slice(Math.max(0, m.index - 30), m.index);
    const after = lower.slice(m.index + m[0].length);
    if (!NEGATED_BEFORE.test(before) && !FREE_AFTER.test(after)) return true;
  }
  return false;
}

const attributeKey = (key: string): string =>
  key
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, ' ');
const FALSY = /^(?:no|false|0|none|n|not included|not required|without|-)$/i;

/** The value of the first attribute whose normalised key is one of `keys` ("small_parts" = "small parts"). */
export function attribute(c: CatalogueFacts, keys: readonly string[]): string | undefined {
  for (const [k, v] of Object.entries(c.attributes)) if (keys.includes(attributeKey(k))) return v.trim();
  return undefined;
}

/** An attribute that says yes: present, not empty and not "no"/"false"/"0"/"none". */
export function attributeSaysYes(c: CatalogueFacts, keys: readonly string[]): boolean {
  const v = attribute(c, keys);
  return v !== undefined && v !== '' && !FALSY.test(v);
}

/** Title, description and attribute values: the text a property may be stated in. */
export function productText(c: GuideCandidate): string {
  return [c.product.title, c.catalogue.description, ...Object.values(c.catalogue.attributes)].join(' \n ');
}
