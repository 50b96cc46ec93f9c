// What the knowledge graph needs to know about a product, independent of the wire format.

export interface ProductRecord {
  id: string;
  title: string;
  brand: string;
  /** Broadest first: ["Toys", "Puzzles", "Jigsaw Puzzles"]. */
  categoryPath: string[];
  description: string;
  attributes: Record<string, string>;
  ageMinMonths?: number;
  ageMaxMonths?: number;
}
