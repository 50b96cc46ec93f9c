// The knowledge graph's facts about a product that content similarity and its reasons use:
// materials, audiences, features and the age range. Kept as fact keys (`material:wood`,
// `age_min:3`) so a graph update's added and removed triples apply as set operations.
export interface GraphFacts {
  materials: string[];
  audiences: string[];
  features: string[];
  ageMin?: number;
  ageMax?: number;
}

export type FactKind = 'material' | 'audience' | 'feature' | 'age_min' | 'age_max';

export const factKey = (kind: FactKind, value: string): string => `${kind}:${value.trim().toLowerCase()}`;

export const NO_FACTS: GraphFacts = { materials: [], audiences: [], features: [] };

/** Fact keys → facts (sorted, so every replica says the same). Unknown kinds are ignored. */
export function graphFactsOf(keys: Iterable<string>): GraphFacts {
  const facts: GraphFacts = { materials: [], audiences: [], features: [] };
  for (const key of [...keys].sort()) {
    const at = key.indexOf(':');
    const kind = key.slice(0, at);
    const value = key.slice(at + 1);
    if (kind === 'material') facts.materials.push(value);
    else if (kind === 'audience') facts.audiences.push(value);
    else if (kind === 'feature') facts.features.push(value);
    else if (kind === 'age_min' && Number.isFinite(Number(value))) facts.ageMin = Number(value);
    else if (kind === 'age_max' && Number.isFinite(Number(value))) facts.ageMax = Number(value);
  }
  return facts;
}

/** The facts as words for the content text ("made of wood", "for kids", "ages 3 to 6"). */
export function describeFacts(f: GraphFacts): string {
  const parts = [
    ...f.materials.map((m) => `made of ${m}`),
    ...f.audiences.map((a) => `for ${a}`),
    ...f.features.map((x) => `with ${x}`),
  ];
  if (f.ageMin !== undefined || f.ageMax !== undefined)
    parts.push(`ages ${f.ageMin ?? 0}${f.ageMax === undefined ? '+' : ` to ${f.ageMax}`}`);
  return parts.join('. ');
}

/** One fact two products share, the most telling first: material, age range, audience, feature. */
export type SharedFact =
  | { kind: 'material'; material: string }
  | { kind: 'ages'; ageMin: number; ageMax?: number }
  | { kind: 'audience'; audience: string }
  | { kind: 'feature'; feature: string };

export function sharedFact(a: GraphFacts, b: GraphFacts): SharedFact | undefined {
  const material = a.materials.find((m) => b.materials.includes(m));
  if (material) return { kind: 'material', material };
  if (a.ageMin !== undefined && a.ageMin === b.ageMin)
    return {
      kind: 'ages',
      ageMin: a.ageMin,
      ...(a.ageMax === b.ageMax && a.ageMax !== undefined ? { ageMax: a.ageMax } : {}),
    };
  const audience = a.audiences.find((x) => b.audiences.includes(x));
  if (audience) return { kind: 'audience', audience };
  const feature = a.features.find((x) => b.features.includes(x));
  if (feature) return { kind: 'feature', feature };
  return undefined;
}
