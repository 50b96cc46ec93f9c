// Constraints from a normalised message. Each constraint is a concept with the words that mention
// it and how a mention counts: some are wanted when mentioned ("wooden", "eco", "washable"), others
// are constraints only when denied ("no batteries", "nothing plastic", "screen-free", "nothing too
// loud"). A denial is a negator earlier in the same clause, a few words back, or "-free" after.
import type { Constraint } from '../../domain/guide/guide-profile.js';
import type { ClaimedSpans } from './claimed-spans.js';

interface ConstraintConcept {
  constraint: Constraint;
  /** Mentions that state the constraint as they stand. */
  wanted?: RegExp;
  /** Mentions that state it when denied. */
  denied?: RegExp;
}

const CONCEPTS: ConstraintConcept[] = [
  { constraint: 'no batteries', denied: /\bbatter(?:y|ies)(?: operated| powered)?\b/g },
  {
    constraint: 'no small parts',
    wanted: /\bchok(?:e|es|ing)(?: hazards?)?\b/g,
    denied: /\b(?:small|tiny|little|loose) (?:parts?|pieces?|bits?)\b/g,
  },
  { constraint: 'no screens', denied: /\bscreens?\b/g },
  {
    constraint: 'eco-friendly',
    wanted:
      /\b(?:eco(?:[- ]?friendly)?|environment(?:al(?:ly)?)?[- ]friendly|sustainabl[ey]|sustainability|planet[- ]friendly)\b/g,
  },
  { constraint: 'wooden', wanted: /\b(?:wooden|(?:made (?:of|from|out of) |natural |solid )?wood)\b/g },
  { constraint: 'not plastic', denied: /\bplastics?\b/g },
  {
    constraint: 'quiet',
    wanted: /\b(?:quiet|silent|noiseless)\b/g,
    denied: /\b(?:loud|noisy|noises?|beeping)\b/g,
  },
  {
    constraint: 'washable',
    wanted: /\b(?:(?:machine[- ])?washable|machine[- ]wash|can be washed|washing machine)\b/g,
  },
];

const NEGATORS =
  /\b(?:no|not|n't|without|nothing|never|avoid|avoiding|none|free of|free from|don't|doesn't|instead of|rather than|hate|hates)\b/;
const FREE_AFTER = /^(?:[- ]?free\b|\s+(?:not (?:needed|required|included)))/;
const CLAUSE_BREAK = /[,.;!?:]|\bbut\b/;
/** How far back (in characters, within the clause) a negator reaches. */
const NEGATION_REACH = 40;

function isDenied(text: string, start: number, end: number): boolean {
  if (FREE_AFTER.test(text.slice(end))) return true;
  let before = text.slice(Math.max(0, start - NEGATION_REACH), start);
  const parts = before.split(CLAUSE_BREAK);
  before = parts[parts.length - 1] ?? '';
  return NEGATORS.test(before);
}

export interface ConstraintFinding {
  constraint: Constraint;
  start: number;
}

/** The constraints the message states, in the order it states them; their words are claimed. */
export function findConstraints(text: string, claims: ClaimedSpans): Constraint[] {
  const found: ConstraintFinding[] = [];
  for (const concept of CONCEPTS) {
    for (const [re, needsDenial] of [
      [concept.wanted, false],
      [concept.denied, true],
    ] as const) {
      if (!re) continue;
      for (const m of text.matchAll(re)) {
        const start = m.index;
        const end = start + m[0].length;
        const denied = isDenied(text, start, end);
        // A wanted property that is denied ("not wooden") states nothing we can use.
        if (denied !== needsDenial) {
          claims.claim(start, end);
          continue;
        }
        claims.claim(start, end + (FREE_AFTER.exec(text.slice(end))?.[0].length ?? 0));
        found.push({ constraint: concept.constraint, start });
      }
    }
  }
  return [...new Set(found.sort((a, b) => a.start - b.start).map((f) => f.constraint))];
}
