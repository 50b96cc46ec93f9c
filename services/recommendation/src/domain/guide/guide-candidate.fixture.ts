// Test support for the guide's specs: a candidate product priced in euros, with the catalogue and
// graph facts a spec gives and nothing else.
import { NO_FACTS, type GraphFacts } from '../graph-facts.js';
import type { CatalogueFacts, GuideCandidate } from './guide-candidate.js';

export const eur = (amountMinor: bigint) => ({ currency: 'EUR', amountMinor });

export const aGuideCandidate = (
  id: string,
  title: string,
  priceMinor: bigint,
  catalogue: Partial<CatalogueFacts>,
  graph: Partial<GraphFacts> = {},
): GuideCandidate => ({
  product: { id, title, brand: '', categoryPath: ['Toys'], price: eur(priceMinor), url: '', imageUrl: '' },
  catalogue: { attributes: {}, description: '', ...catalogue },
  graph: { ...NO_FACTS, ...graph },
});
