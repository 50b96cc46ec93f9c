// The human-readable reasons shown beside a recommendation; one phrase per kind of evidence.
export type Evidence =
  | { kind: 'co-occurrence'; seedTitle: string; bought: boolean; fromUserHistory: boolean }
  | { kind: 'category'; category: string }
  | { kind: 'popular'; category?: string };

export function reasonFor(evidence: Evidence): string {
  switch (evidence.kind) {
    case 'co-occurrence':
      if (evidence.bought) return `bought together with ${evidence.seedTitle}`;
      return evidence.fromUserHistory
        ? `because you viewed ${evidence.seedTitle}`
        : `viewed together with ${evidence.seedTitle}`;
    case 'category':
      return `popular in ${evidence.category} this week`;
    case 'popular':
      return evidence.category ? `popular in ${evidence.category} this week` : 'popular this week';
  }
}
