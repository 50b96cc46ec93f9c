// Scores one sentence of a review: splits it into clauses at punctuation and contrast words, then sums
// word and phrase valences with negation scope, intensifiers, scare quotes and sarcastic openers.
// Clause weights carry the discourse: after "but"/"however" counts more, "although"/"if" clauses less.
import {
  DIMINISHERS,
  EMOTICON_LEXICON,
  FUNCTION_VERBS,
  INTENSIFIERS,
  NEGATORS,
  SENTIMENT_LEXICON,
} from './sentiment-lexicon.js';
import { phrasesStartingWith, type ReviewPhrase } from './review-phrases.js';
import type { ReviewSentence, ReviewToken } from './review-tokenizer.js';
import { ASPECTS, LOGISTICS_ASPECTS } from './aspect-taxonomy.js';

export type ClauseLead = 'none' | 'contrast' | 'concession' | 'condition';

export interface ScoredClause {
  readonly tokens: readonly ReviewToken[];
  readonly lead: ClauseLead;
  /** Sum of the clause's valences, before any discourse weight. */
  readonly raw: number;
  readonly positive: number;
  readonly negative: number;
  /** Discourse weight (contrast, concession, condition, question). */
  weight: number;
  /** How many words or phrases carried an opinion. */
  readonly hits: number;
}

export interface ScoredSentence {
  readonly text: string;
  readonly clauses: ScoredClause[];
  /** True when the sentence opens with "But …"/"However …", which demotes what came before it. */
  readonly opensWithContrast: boolean;
  readonly baseSentiment: number;
}

const CONTRAST = new Set(['but', 'however', 'yet', 'otherwise', 'except', 'nevertheless', 'nonetheless', 'whereas']);
const CONCESSION = new Set(['although', 'though', 'despite', 'albeit']);
const CONDITION = new Set(['if', 'unless']);
const QUOTES = new Set(['"', '“', '”', "'", '‘', '’', '«', '»']);
const NOT_CONTRAST_BEFORE = new Set(['nothing', 'anything', 'all', 'everything', 'anyone', 'nobody']);
const SARCASTIC_OPENERS = new Set([
  'great', 'wonderful', 'perfect', 'fantastic', 'brilliant', 'awesome', 'lovely', 'nice', 'sure', 'yeah',
  'oh', 'wow', 'just', 'thanks', 'love', 'cool', 'amazing', 'terrific', 'yay', 'well',
]);
const ABSENCE_NEGATORS = new Set(['no', 'without', 'zero']);
// "my old one was better": an opinion about the product this one replaced is not about this one.
const EARLIER_PRODUCT = new Set(['old', 'older', 'previous', 'prior', 'former', 'first']);
const EARLIER_UNIT = new Set(['one', 'ones', 'unit', 'pair', 'version', 'model', 'set', 'brand', 'kind', 'type', 'design', 'style', 'product', 'item']);
const COMPARED_TO = new Set(['than', 'replace', 'replaced', 'replaces', 'replacing', 'replacement', 'over', 'to', 'like', 'as', 'unlike', 'compared', 'vs', 'versus']);
const EARLIER_PRODUCT_WEIGHT = 0.3;
// "Pricey, but you get what you pay for" defends the price; after "cheap" the same idiom condemns it.
const HIGH_PRICE = new Set(['pricey', 'pricy', 'expensive', 'pricier', 'costly', 'splurge', 'investment', 'premium']);
const NEGATION_SCOPE = 4;

const WEIGHT = { contrastAfter: 1.5, beforeContrast: 0.6, concession: 0.5, condition: 0.3, question: 0.6, juxtaposedAfter: 1.25, beforeJuxtaposed: 0.75, dismissed: 0.5 };
const DISMISSALS = [' who cares ', ' not care ', ' not mind ', ' dealbreaker ', ' deal-breaker ', ' not a big deal '];
// "lag is nonexistent" praises; "quality control is nonexistent" complains: it depends on what is missing.
const NONEXISTENT = new Set(['nonexistent', 'non-existent', 'non-existant', 'nonexistant']);
// Parcel and service words: their clauses are weighed down by the analyser, not promoted as a verdict.
const LOGISTICS_WORDS: ReadonlySet<string> = new Set(ASPECTS.filter((a) => LOGISTICS_ASPECTS.has(a.name)).flatMap((a) => [...a.words]));
const AFTERTHOUGHT = new Set(['though', 'tho', 'anyway', 'anyways', 'still', 'least', 'atleast', 'otherwise']);

function isWord(t: ReviewToken): boolean {
  // Ordinals ("my 4th pair", "2nd replacement") take part in idioms like any word.
  return t.type === 'word' || t.type === 'number' || t.type === 'ordinal' || t.type === 'emoticon' || t.type === 'emoji';
}

function isBoundaryPunctuation(t: ReviewToken): boolean {
  return t.type === 'punctuation' && !QUOTES.has(t.text) && t.text !== "'s";
}

function splitClauses(tokens: readonly ReviewToken[]): Array<{ tokens: ReviewToken[]; lead: ClauseLead }> {
  const clauses: Array<{ tokens: ReviewToken[]; lead: ClauseLead }> = [];
  let current: { tokens: ReviewToken[]; lead: ClauseLead } = { tokens: [], lead: 'none' };
  const close = (lead: ClauseLead): void => {
    if (current.tokens.some(isWord)) clauses.push(current);
    else if (current.lead !== 'none' && lead === 'none') lead = current.lead; // "…, but, …" keeps its lead
    current = { tokens: [], lead };
  };
  tokens.forEach((t, i) => {
    const prev = tokens[i - 1]?.normal;
    const next = tokens[i + 1]?.normal;
    if (isBoundaryPunctuation(t)) {
      close(current.tokens.some(isWord) ? 'none' : current.lead);
      return;
    }
    // "have yet to", "as yet", "not yet" are about time, not contrast.
    const temporalYet = t.normal === 'yet' && (prev === 'have' || prev === 'has' || prev === 'had' || prev === 'as' || prev === 'not' || next === undefined || next === '.');
    if (CONTRAST.has(t.normal) && !(prev && NOT_CONTRAST_BEFORE.has(prev)) && next !== 'also' && !temporalYet) {
      close('contrast');
      return;
    }
    const startsClause = current.tokens.filter(isWord).length === 0;
    if (t.normal === 'then' && startsClause && clauses.length > 0 && next !== 'nothing') {
      close('contrast'); // "fine for a week, then it died": what came after is what lasted
      return;
    }
    if (CONCESSION.has(t.normal) && (startsClause || t.normal !== 'though' || prev === 'even')) {
      close('concession');
      return;
    }
    if (t.normal === 'even' && next === 'though') return; // "even though": the next token leads
    // "… and the case feels flimsy": a new subject starts a new clause (own aspect, own negation scope).
    const nextPos = tokens[i + 1]?.pos;
    if ((t.normal === 'and' || t.normal === 'so') && !startsClause && (nextPos === 'DET' || nextPos === 'PRON' || nextPos === 'PROPN')) {
      close('none');
      return;
    }
    if (CONDITION.has(t.normal) && !(prev === 'as' || prev === 'even' || prev === 'see')) {
      close('condition');
      return;
    }
    if (startsClause && (t.normal === 'and' || t.normal === 'or')) return; // ", and the pictures…"
    current.tokens.push(t);
  });
  close('none');
  return clauses;
}

function matchPhrase(tokens: readonly ReviewToken[], start: number): { phrase: ReviewPhrase; length: number } | undefined {
  // The longest actual match wins ("snap on tight" over "snap on"); ties go to the earlier phrase.
  const t = tokens[start]!;
  let best: { phrase: ReviewPhrase; length: number } | undefined;
  for (const phrase of phrasesStartingWith(t.normal, t.lemma)) {
    const length = matchSlots(phrase, tokens, start);
    if (length > (best?.length ?? 0)) best = { phrase, length };
  }
  return best;
}

/** Length of the match at `start` (0 when none); optional slots are tried both ways. */
function matchSlots(phrase: ReviewPhrase, tokens: readonly ReviewToken[], start: number): number {
  const end = matchFrom(phrase, tokens, 0, start);
  return end < 0 ? 0 : end - start;
}

function matchFrom(phrase: ReviewPhrase, tokens: readonly ReviewToken[], slotIndex: number, pos: number): number {
  const slot = phrase.slots[slotIndex];
  if (!slot) return pos;
  const t = tokens[pos];
  const fits = t !== undefined && isWord(t) && (slot.words === 'any' || slot.words.has(t.normal) || slot.words.has(t.lemma));
  if (fits) {
    const end = matchFrom(phrase, tokens, slotIndex + 1, pos + 1);
    if (end >= 0) return end;
  }
  return slot.optional ? matchFrom(phrase, tokens, slotIndex + 1, pos) : -1;
}

function wordValence(t: ReviewToken, prev: ReviewToken | undefined): number {
  if (t.type === 'emoticon' || t.type === 'emoji') return EMOTICON_LEXICON.get(t.text) ?? EMOTICON_LEXICON.get(t.normal) ?? 0;
  if (t.type === 'number') return fractionRating(t.text);
  if (t.type !== 'word') return 0;
  // "smells like", "looks like": the preposition is not the verb of liking.
  if (t.normal === 'like' && t.pos !== 'VERB') return 0;
  // "pretty" before an adjective intensifies; only the adjective is praise.
  if (t.normal === 'pretty' && t.pos === 'ADV') return 0;
  // "it's clearly smaller", "clearly used": only after a verb or its object ("hear it clearly") is it praise.
  if (t.normal === 'clearly' && (prev === undefined || prev.pos === 'AUX' || prev.pos === 'PRON' || prev.pos === 'PUNCT')) return 0;
  const v = SENTIMENT_LEXICON.get(t.normal) ?? SENTIMENT_LEXICON.get(t.lemma) ?? 0;
  const shouted = t.text.length >= 3 && /^[A-Z]+$/.test(t.text);
  return shouted ? v * 1.3 : v;
}

/** "10/10", "1/5": a rating written as a fraction. */
function fractionRating(text: string): number {
  const m = /^(\d+(?:\.\d+)?)\/(5|10|100)$/.exec(text);
  if (!m) return 0;
  const ratio = Number(m[1]) / Number(m[2]);
  return ratio > 1 ? 0 : (ratio - 0.55) * 6;
}

function flip(v: number): number {
  // "not good" is clearly negative; "not bad" is only mildly positive.
  return v > 0 ? -0.75 * v : -0.5 * v;
}

/**
 * Index of a mention of the product this one replaced ("my old one", "the previous model") when the clause
 * is about it rather than comparing with it (no "than"/"replaced"/"unlike" before it); -1 when there is none.
 */
function earlierProductAt(tokens: readonly ReviewToken[]): number {
  for (let i = 0; i < tokens.length; i += 1) {
    const t = tokens[i]!;
    if (COMPARED_TO.has(t.normal)) return -1;
    const next = tokens[i + 1];
    // "first" only names an earlier unit ("the first one was defective"), not "the first time".
    if (EARLIER_PRODUCT.has(t.normal) && next && (EARLIER_UNIT.has(next.normal) || (t.normal === 'first' && next.normal === 'was'))) return i;
  }
  return -1;
}

function scoreClause(tokens: readonly ReviewToken[], pricedHigh: boolean): { raw: number; positive: number; negative: number; hits: number } {
  const earlier = earlierProductAt(tokens);
  // Praise of the replaced product in a comparative ("was better") is a complaint about this one;
  // anything else said about it barely concerns this one.
  const aboutEarlier = (i: number, v: number): number => {
    if (earlier < 0) return v;
    return v > 0 && i > earlier && isComparative(tokens[i]) ? -0.75 * v : EARLIER_PRODUCT_WEIGHT * v;
  };
  let raw = 0;
  let positive = 0;
  let negative = 0;
  let hits = 0;
  let negationLeft = 0;
  let negationFlipped = false;
  let absenceNegator = false;
  let absenceOfBehaviour = false;
  let multiplier = 1;
  let multiplierLeft = 0;

  const add = (v: number): void => {
    if (v === 0) return;
    raw += v;
    if (v > 0) positive += v;
    else negative -= v;
    hits += 1;
  };
  const endNegation = (): void => {
    if (negationLeft > 0 && absenceNegator && !negationFlipped) add(-0.6); // "no instructions", "without a charger"
    if (negationLeft > 0 && absenceOfBehaviour && !negationFlipped) add(0.8); // "without slipping"
    negationLeft = 0;
    absenceNegator = false;
    absenceOfBehaviour = false;
    negationFlipped = false;
  };

  let i = 0;
  while (i < tokens.length) {
    const t = tokens[i]!;
    if (!isWord(t)) {
      i += 1;
      continue;
    }
    // "too soft", "too fancy": excess is a complaint whatever the adjective's own polarity.
    const nextToken = tokens[i + 1];
    if (t.normal === 'too' && nextToken && (nextToken.pos === 'ADJ' || nextToken.pos === 'ADV') && nextToken.normal !== 'much') {
      let v = -1.8 * multiplier;
      if (negationLeft > 0) {
        v = flip(v);
        negationFlipped = true;
      }
      add(v);
      multiplier = 1;
      multiplierLeft = 0;
      if (negationLeft > 0) endNegation();
      // "too small to be useful": what it is too X for does not happen.
      if (tokens[i + 2]?.normal === 'to') negationLeft = NEGATION_SCOPE;
      i += 2;
      continue;
    }
    if (NONEXISTENT.has(t.normal)) {
      add(raw < 0 ? -1.5 * raw : -1.5);
      i += 1;
      continue;
    }
    const match = matchPhrase(tokens, i);
    if (match) {
      const { phrase, length } = match;
      if (phrase.neutralizesNegation) {
        negationLeft = 0;
        absenceNegator = false;
      } else {
        let v = phrase.value * multiplier;
        if (pricedHigh && tokens.slice(i, i + length).map((t) => t.normal).join(' ') === 'you get what you pay for') v = 1.5;
        if (negationLeft > 0 && !phrase.fixed) {
          v = flip(v);
          negationFlipped = true;
        }
        add(aboutEarlier(i, v));
        if (phrase.fixed || negationFlipped) endNegation();
      }
      multiplier = 1;
      multiplierLeft = 0;
      if (negationLeft > 0) negationLeft = Math.max(0, negationLeft - length);
      i += length;
      continue;
    }
    // "never felt softer", "never looked worse": a comparative after "never" is a superlative.
    if (t.normal === 'never') {
      const k = [i + 1, i + 2].find((j) => isComparative(tokens[j]));
      if (k !== undefined) {
        const base = SENTIMENT_LEXICON.get(tokens[k]!.lemma) ?? SENTIMENT_LEXICON.get(tokens[k]!.normal) ?? 0;
        add(base < 0 ? -2.5 : 2.5);
        i = k + 1;
        continue;
      }
    }
    const farFrom = t.normal === 'far' && tokens[i + 1]?.normal === 'from';
    if (NEGATORS.has(t.normal) || farFrom) {
      endNegation();
      negationLeft = NEGATION_SCOPE;
      // "no instructions", "without the charger" complain about what is missing; "without
      // bouncing" praises what does not happen.
      const nextPos = tokens[i + 1]?.pos ?? '';
      absenceNegator = ABSENCE_NEGATORS.has(t.normal) && (t.normal !== 'without' || nextPos === 'DET' || nextPos === 'NOUN');
      absenceOfBehaviour = t.normal === 'without' && nextPos === 'VERB' && (tokens[i + 1]?.normal.endsWith('ing') ?? false);
      // "…but it just doesn't." — a negated auxiliary closing the clause denies what was hoped for.
      const rest = tokens.slice(i + 1).filter(isWord);
      if (rest.length === 0 && t.normal === 'not' && ['do', 'does', 'did', 'will', 'would', 'can', 'could', 'is', 'was'].includes(tokens[i - 1]?.normal ?? '')) add(-1.5);
      i += farFrom ? 2 : 1;
      continue;
    }
    const intensity = INTENSIFIERS.get(t.normal) ?? DIMINISHERS.get(t.normal);
    if (intensity !== undefined && !(t.normal === 'pretty' && t.pos === 'ADJ')) {
      multiplier *= intensity;
      multiplierLeft = 2;
      if (negationLeft > 0) negationLeft -= 1;
      i += 1;
      continue;
    }

    let v = wordValence(t, tokens[i - 1]) * multiplier;
    if (negationLeft > 0) {
      if (FUNCTION_VERBS.has(t.normal) || FUNCTION_VERBS.has(t.lemma)) {
        // "doesn't fit", "won't charge", "never arrived": the failure is the complaint.
        if (v >= 0 && v <= 1) v = -2 * multiplier;
        else v = flip(v);
        negationFlipped = true;
      } else if (v !== 0) {
        v = flip(v);
        negationFlipped = true;
      }
    } else if (v > 0 && isScareQuoted(tokens, i)) {
      v = -0.5 * v; // 'so-called "waterproof"': quoting praise usually mocks it
    }
    v = aboutEarlier(i, v);
    add(v);
    if (v !== 0) {
      multiplier = 1;
      multiplierLeft = 0;
    } else if (multiplierLeft > 0 && --multiplierLeft === 0) {
      multiplier = 1;
    }
    if (negationLeft > 0) {
      negationLeft -= 1;
      if (negationFlipped || negationLeft === 0) endNegation();
    }
    i += 1;
  }
  endNegation();
  return { raw, positive, negative, hits };
}

/** One or two cheering words and nothing else ("Great.", "Just perfect"): sarcasm when it follows a complaint. */
export function isLoneCheer(clause: ScoredClause): boolean {
  const words = clause.tokens.filter(isWord);
  return clause.lead === 'none' && clause.raw > 0 && words.length > 0 && words.length <= 2 && words.every((w) => SARCASTIC_OPENERS.has(w.normal));
}

function isComparative(t: ReviewToken | undefined): boolean {
  if (!t || (t.pos !== 'ADJ' && t.pos !== 'ADV')) return false;
  return t.normal === 'better' || t.normal === 'worse' || (t.normal.endsWith('er') && t.lemma !== t.normal);
}

function isScareQuoted(tokens: readonly ReviewToken[], i: number): boolean {
  const before = tokens[i - 1];
  const after = tokens[i + 1];
  return before !== undefined && after !== undefined && QUOTES.has(before.text) && QUOTES.has(after.text);
}

export function scoreSentence(sentence: ReviewSentence): ScoredSentence {
  const parts = splitClauses(sentence.tokens);
  const pricedHigh = sentence.tokens.some((t) => HIGH_PRICE.has(t.normal));
  const clauses: ScoredClause[] = parts.map((p) => ({ tokens: p.tokens, lead: p.lead, weight: 1, ...scoreClause(p.tokens, pricedHigh) }));

  // Discourse weights: what follows "but" outweighs what preceded it.
  let sinceContrast = 0;
  clauses.forEach((c, i) => {
    if (c.lead === 'contrast') {
      for (let j = sinceContrast; j < i; j += 1) clauses[j]!.weight *= WEIGHT.beforeContrast;
      c.weight *= WEIGHT.contrastAfter;
      sinceContrast = i;
    } else if (c.lead === 'concession') c.weight *= WEIGHT.concession;
    else if (c.lead === 'condition') c.weight *= WEIGHT.condition;
  });

  // "love the color, hate the fit": two opposite clauses side by side read like "X but Y" — the later one
  // is the verdict — unless it is a concession of its own ("…, nice box though").
  const last = clauses[clauses.length - 1];
  const before = clauses[clauses.length - 2];
  if (
    last && before && last.lead === 'none' && before.lead === 'none' && clauses.every((c) => c.lead !== 'contrast') &&
    last.raw * before.raw < 0 && !last.tokens.some((t) => AFTERTHOUGHT.has(t.normal)) &&
    ![last, before].some((c) => c.tokens.some((t) => LOGISTICS_WORDS.has(t.normal) || LOGISTICS_WORDS.has(t.lemma)))
  ) {
    before.weight *= WEIGHT.beforeJuxtaposed;
    last.weight *= WEIGHT.juxtaposedAfter;
  }

  // "flimsy, but for 8 bucks who cares": a complaint waved away counts for less.
  clauses.forEach((c, i) => {
    const text = ` ${c.tokens.map((t) => t.normal).join(' ')} `;
    if (!DISMISSALS.some((d) => text.includes(d))) return;
    for (let j = 0; j < i; j += 1) if (clauses[j]!.raw < 0) clauses[j]!.weight *= WEIGHT.dismissed;
  });

  // "Already cracked, great." — a lone cheer after a complaint is sarcasm.
  const closing = clauses[clauses.length - 1];
  if (closing && clauses.length > 1 && closing.lead === 'none' && isLoneCheer(closing) && clauses.slice(0, -1).reduce((sum, c) => sum + c.raw * c.weight, 0) < 0) closing.weight = 0;

  // "Great, another charger that doesn't charge." — a lone cheer before a complaint is sarcasm.
  const rest = clauses.slice(1).reduce((s, c) => s + c.raw * c.weight, 0);
  let k = 0;
  while (k < clauses.length - 1 && rest < 0) {
    const c = clauses[k]!;
    const words = c.tokens.filter(isWord);
    if (words.length > 2 || !words.every((w) => SARCASTIC_OPENERS.has(w.normal))) break;
    if (c.raw > 0) c.weight = 0;
    k += 1;
  }

  const exclamations = sentence.tokens.filter((t) => t.text.includes('!')).length;
  const question = sentence.tokens.some((t) => t.text === '?');
  for (const c of clauses) {
    if (exclamations > 0) c.weight *= 1 + 0.1 * Math.min(exclamations, 3);
    if (question) c.weight *= WEIGHT.question;
  }

  const opensWithContrast = clauses[0]?.lead === 'contrast' || CONTRAST.has(sentence.tokens[0]?.normal ?? '');
  return { text: sentence.text, clauses, opensWithContrast, baseSentiment: sentence.baseSentiment };
}
