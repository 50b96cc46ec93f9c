// What the service keeps of a catalogue product: enough to filter, diversify and render it.
export interface Price {
  currency: string;
  amountMinor: bigint;
}

export interface ProductFacts {
  id: string;
  title: string;
  brand: string;
  /** Category path, root first. */
  categoryPath: string[];
  price?: Price;
  /** Units in stock; undefined when the catalogue does not say (counts as in stock). */
  stock?: number;
  url: string;
  imageUrl: string;
}

/** The most specific category, or '' for an uncategorised product. */
export const leafCategory = (p: ProductFacts): string => p.categoryPath[p.categoryPath.length - 1] ?? '';

/** A category name as a key: categories match at any level, ignoring case. */
export const categoryKey = (name: string): string => name.trim().toLowerCase();
