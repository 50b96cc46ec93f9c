// Review idioms ("stopped working", "waste of money", "does the job"): compiles the patterns of
// data/<language>/review-phrases.tsv into slots and finds the longest idiom starting at a token.
// Pattern syntax: slots separated by spaces; a slot lists alternatives with "|" and matches a token's
// normal form or lemma; "*" matches any one token; a trailing "?" makes the slot optional.
import type { ReviewToken } from './review-tokenizer.js';
import { isWord } from './word-tokens.js';

/** One line of the phrase file. */
export interface PhraseSpec {
  readonly pattern: string;
  readonly value: number;
  /** True when a preceding negator must not flip the phrase (it carries its own negation). */
  readonly fixed: boolean;
}

export interface ReviewPhrase {
  readonly slots: readonly PhraseSlot[];
  readonly value: number;
  /** True when a preceding negator must not flip the phrase. */
  readonly fixed: boolean;
  /** A phrase with no opinion of its own that only cancels negation ("not only", "at least"). */
  readonly neutralizesNegation: boolean;
}

export interface PhraseSlot {
  readonly words: ReadonlySet<string> | 'any';
  readonly optional: boolean;
}

export interface PhraseMatch {
  readonly phrase: ReviewPhrase;
  /** Tokens the match covers. */
  readonly length: number;
}

/** A language's idioms, indexed by the words they can start with. */
export class PhraseBook {
  /** Longest phrases first (by required slots), so "dead on arrival" wins over "on arrival". */
  readonly phrases: readonly ReviewPhrase[];
  private readonly byFirstWord = new Map<string, ReviewPhrase[]>();
  private readonly startsWithAnything: ReviewPhrase[] = [];
  private readonly rank: ReadonlyMap<ReviewPhrase, number>;

  constructor(specs: readonly PhraseSpec[]) {
    this.phrases = specs.map(compile).sort((a, b) => requiredSlots(b) - requiredSlots(a));
    this.phrases.forEach((phrase) => this.index(phrase));
    this.rank = new Map(this.phrases.map((p, i) => [p, i]));
  }

  /** Phrases that could match at a token with this normal form and lemma, longest first. */
  startingWith(normal: string, lemma: string): readonly ReviewPhrase[] {
    const found = new Set<ReviewPhrase>([
      ...(this.byFirstWord.get(normal) ?? []),
      ...(this.byFirstWord.get(lemma) ?? []),
      ...this.startsWithAnything,
    ]);
    return [...found].sort((a, b) => this.rank.get(a)! - this.rank.get(b)!);
  }

  /** The longest actual match at `start` ("snap on tight" over "snap on"); ties go to the earlier phrase. */
  longestMatchAt(tokens: readonly ReviewToken[], start: number): PhraseMatch | undefined {
    const t = tokens[start]!;
    let best: PhraseMatch | undefined;
    for (const phrase of this.startingWith(t.normal, t.lemma)) {
      const end = matchFrom(phrase, tokens, 0, start);
      const length = end < 0 ? 0 : end - start;
      if (length > (best?.length ?? 0)) best = { phrase, length };
    }
    return best;
  }

  // Each token is then tried against a handful of phrases rather than all of them.
  private index(phrase: ReviewPhrase): void {
    const firstWords = new Set<string>();
    for (const slot of phrase.slots) {
      if (slot.words === 'any') {
        this.startsWithAnything.push(phrase);
        return;
      }
      for (const w of slot.words) firstWords.add(w);
      if (!slot.optional) break;
    }
    for (const w of firstWords) {
      const list = this.byFirstWord.get(w) ?? [];
      list.push(phrase);
      this.byFirstWord.set(w, list);
    }
  }
}

function compile({ pattern, value, fixed }: PhraseSpec): ReviewPhrase {
  const slots = pattern.split(' ').map((raw): PhraseSlot => {
    const optional = raw.endsWith('?');
    const body = optional ? raw.slice(0, -1) : raw;
    return { optional, words: body === '*' ? 'any' : new Set(body.toLowerCase().split('|')) };
  });
  return { slots, value, fixed, neutralizesNegation: value === 0 && fixed };
}

function requiredSlots(phrase: ReviewPhrase): number {
  return phrase.slots.filter((s) => !s.optional).length;
}

/** Where the match of the phrase's slots from `slotIndex` on ends (-1 when none); optional slots are tried both ways. */
function matchFrom(
  phrase: ReviewPhrase,
  tokens: readonly ReviewToken[],
  slotIndex: number,
  pos: number,
): number {
  const slot = phrase.slots[slotIndex];
  if (!slot) return pos;
  const t = tokens[pos];
  const fits =
    t !== undefined &&
    isWord(t) &&
    (slot.words === 'any' || slot.words.has(t.normal) || slot.words.has(t.lemma));
  if (fits) {
    const end = matchFrom(phrase, tokens, slotIndex + 1, pos + 1);
    if (end >= 0) return end;
  }
  return slot.optional ? matchFrom(phrase, tokens, slotIndex + 1, pos) : -1;
}
