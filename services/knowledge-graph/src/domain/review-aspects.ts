// Review facts: an analysed review's positive aspects become PRAISED_FOR, negative ones
// CRITICIZED_FOR (neutral and mixed mentions say nothing either way). One count per review and
// aspect. A mixed review (praise for some aspects, complaints about others) gives both kinds: its
// overall polarity is not read here, each aspect speaks for itself.

import type { ReviewRelation } from './ontology.js';
import { normalisePhrase } from './text-normalisation.js';

export interface AspectMention {
  aspect: string;
  polarity: 'positive' | 'negative' | 'neutral' | 'mixed';
}

export function reviewFacts(aspects: AspectMention[]): { relation: ReviewRelation; aspect: string }[] {
  const seen = new Map<string, { relation: ReviewRelation; aspect: string }>();
  for (const a of aspects) {
    if (a.polarity === 'neutral' || a.polarity === 'mixed') continue;
    const aspect = normalisePhrase(a.aspect);
    if (!aspect) continue;
    const relation: ReviewRelation = a.polarity === 'positive' ? 'PRAISED_FOR' : 'CRITICIZED_FOR';
    seen.set(`${relation}|${aspect}`, { relation, aspect });
  }
  return [...seen.values()];
}
