// The human-readable reasons shown beside a recommendation; one phrase per kind of evidence.
import type { SharedFact } from './graph-facts.js';

export type Evidence =
  | { kind: 'co-occurrence'; seedTitle: string; bought: boolean; fromUserHistory: boolean }
  | { kind: 'content'; seedTitle: string; shared?: SharedFact }
  | { kind: 'category'; category: string }
  | { kind: 'popular'; category?: string };

export function reasonFor(evidence: Evidence): string {
  switch (evidence.kind) {
    case 'co-occurrence':
      if (evidence.bought) return `bought together with ${evidence.seedTitle}`;
      return evidence.fromUserHistory
        ? `because you viewed ${evidence.seedTitle}`
        : `viewed together with ${evidence.seedTitle}`;
    case 'content':
      return evidence.shared
        ? `${sharedFactPhrase(evidence.shared)} like ${evidence.seedTitle}`
        : `similar to ${evidence.seedTitle}`;
    case 'category':
      return `popular in ${evidence.category} this week`;
    case 'popular':
      return evidence.category ? `popular in ${evidence.category} this week` : 'popular this week';
  }
}

function sharedFactPhrase(shared: SharedFact): string {
  switch (shared.kind) {
    case 'material':
      return `made of ${shared.material}`;
    case 'ages':
      return shared.ageMax === undefined
        ? `for ages ${shared.ageMin}+`
        : `for ages ${shared.ageMin} to ${shared.ageMax}`;
    case 'audience':
      return `for ${shared.audience}`;
    case 'feature':
      return `with ${shared.feature}`;
  }
}
