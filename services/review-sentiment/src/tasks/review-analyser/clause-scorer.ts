// Scores one sentence of a review: cuts it into clauses, reads each clause's words and idioms left to
// right, then weighs the clauses against each other. One method per rule; the words each rule looks
// for are the language's vocabulary (data/<language>/), the valences and weights below are tuned here.
import { LOGISTICS_ASPECTS, ASPECTS } from './aspect-taxonomy.js';
import { splitClauses, type ClauseLead } from './clause-splitter.js';
import type { ReviewSentence, ReviewToken } from './review-tokenizer.js';
import type { ReviewVocabulary } from './review-vocabulary.js';
import { isWord } from './word-tokens.js';

export type { ClauseLead } from './clause-splitter.js';

export interface ClauseScore {
  /** Sum of the clause's valences, before any discourse weight. */
  readonly raw: number;
  readonly positive: number;
  readonly negative: number;
  /** How many words or phrases carried an opinion. */
  readonly hits: number;
}

export interface ScoredClause extends ClauseScore {
  readonly tokens: readonly ReviewToken[];
  readonly lead: ClauseLead;
  /** Discourse weight (contrast, concession, condition, question). */
  weight: number;
}

export interface ScoredSentence {
  readonly text: string;
  readonly clauses: ScoredClause[];
  /** True when the sentence opens with "But …"/"However …", which demotes what came before it. */
  readonly opensWithContrast: boolean;
  readonly baseSentiment: number;
}

/** Discourse weights of whole clauses. */
const WEIGHT = {
  contrastAfter: 1.5,
  beforeContrast: 0.6,
  concession: 0.5,
  condition: 0.3,
  question: 0.6,
  juxtaposedAfter: 1.25,
  beforeJuxtaposed: 0.75,
  dismissed: 0.5,
  /** Per "!" (at most three). */
  exclamation: 0.1,
} as const;

/** Valences the rules give (the lexicon's scale, -3 … 3) and factors they apply. */
const VALENCE = {
  excess: -1.8,
  /** "X is nonexistent": this, or -1.5 × what was said before it. */
  nonexistent: -1.5,
  neverComparative: 2.5,
  /** A negated function verb with little opinion of its own ("doesn't fit"). */
  failure: -2,
  deniedHope: -1.5,
  absence: -0.6,
  absenceOfBehaviour: 0.8,
  /** "Pricey, but you get what you pay for". */
  paidForQuality: 1.5,
  /** Factor on praise in scare quotes. */
  scareQuoted: -0.5,
  /** Factor on words written in capitals. */
  shouted: 1.3,
  /** Factor on a comparative praising the replaced product ("my old one was better"). */
  earlierComparative: -0.75,
  /** Factor on anything else said about the replaced product. */
  earlierProduct: 0.3,
} as const;

/** Words a negator reaches. */
const NEGATION_SCOPE = 4;
/** Words an intensifier reaches. */
const INTENSITY_SCOPE = 2;
/** Clauses made only of this many cheering words (or fewer) can be sarcasm. */
const CHEER_WORDS = 2;

/** One clause being read left to right: the valences found so far and what modifies the next one. */
class ClauseReading implements ClauseScore {
  raw = 0;
  positive = 0;
  negative = 0;
  hits = 0;
  /** Words the current negation still reaches (0: none). */
  negationLeft = 0;
  /** The current negation has flipped an opinion already. */
  negationFlipped = false;
  /** "no instructions": the negation names something missing. */
  absenceNegator = false;
  /** "without slipping": the negation names a behaviour that does not happen. */
  absenceOfBehaviour = false;
  multiplier = 1;
  multiplierLeft = 0;

  constructor(
    readonly tokens: readonly ReviewToken[],
    /** The sentence names a high price. */
    readonly pricedHigh: boolean,
    /** Index of a mention of the replaced product the clause is about, -1 when none. */
    readonly earlier: number,
  ) {}

  add(v: number): void {
    if (v === 0) return;
    this.raw += v;
    if (v > 0) this.positive += v;
    else this.negative -= v;
    this.hits += 1;
  }

  resetIntensity(): void {
    this.multiplier = 1;
    this.multiplierLeft = 0;
  }
}

export class ClauseScorer {
  private readonly words: ReviewVocabulary['words'];
  /** The dismissals padded with spaces, to find them as whole words in a clause's text. */
  private readonly dismissals: readonly string[];
  /** Parcel and service words: their clauses are weighed down by the analyser, not promoted as a verdict. */
  private readonly logisticsWords: ReadonlySet<string> = new Set(
    ASPECTS.filter((a) => LOGISTICS_ASPECTS.has(a.name)).flatMap((a) => [...a.words]),
  );

  constructor(private readonly vocabulary: ReviewVocabulary) {
    this.words = vocabulary.words;
    this.dismissals = [...vocabulary.words.dismissals].map((d) => ` ${d} `);
  }

  scoreSentence(sentence: ReviewSentence): ScoredSentence {
    const pricedHigh = sentence.tokens.some((t) => this.words.highPrice.has(t.normal));
    const clauses: ScoredClause[] = splitClauses(sentence.tokens, this.words).map((p) => ({
      tokens: p.tokens,
      lead: p.lead,
      weight: 1,
      ...this.scoreClause(p.tokens, pricedHigh),
    }));
    this.weighLeads(clauses);
    this.weighJuxtaposed(clauses);
    this.weighDismissed(clauses);
    this.silenceClosingCheer(clauses);
    this.silenceSarcasticOpeners(clauses);
    this.weighExclamations(clauses, sentence);
    this.weighQuestion(clauses, sentence);
    const opensWithContrast =
      clauses[0]?.lead === 'contrast' || this.words.contrast.has(sentence.tokens[0]?.normal ?? '');
    return { text: sentence.text, clauses, opensWithContrast, baseSentiment: sentence.baseSentiment };
  }

  /** One or two cheering words and nothing else ("Great.", "Just perfect"): sarcasm when it follows a complaint. */
  isLoneCheer(clause: ScoredClause): boolean {
    return clause.lead === 'none' && clause.raw > 0 && this.isOnlyCheering(clause);
  }

  scoreClause(tokens: readonly ReviewToken[], pricedHigh: boolean): ClauseScore {
    const r = new ClauseReading(tokens, pricedHigh, this.earlierProductAt(tokens));
    let i = 0;
    while (i < tokens.length) i = this.readAt(r, i);
    this.closeNegation(r);
    return { raw: r.raw, positive: r.positive, negative: r.negative, hits: r.hits };
  }

  // --- Words and idioms, read left to right. Each rule returns the index after what it read, or
  // undefined when it does not apply at token i.

  private readAt(r: ClauseReading, i: number): number {
    if (!isWord(r.tokens[i]!)) return i + 1;
    return (
      this.excess(r, i) ??
      this.nonexistent(r, i) ??
      this.idiom(r, i) ??
      this.neverComparative(r, i) ??
      this.negator(r, i) ??
      this.intensity(r, i) ??
      this.opinionWord(r, i)
    );
  }

  /** "too soft", "too fancy": excess is a complaint whatever the adjective's own polarity. */
  private excess(r: ClauseReading, i: number): number | undefined {
    const next = r.tokens[i + 1];
    if (
      r.tokens[i]!.normal !== 'too' ||
      !next ||
      (next.pos !== 'ADJ' && next.pos !== 'ADV') ||
      next.normal === 'much'
    )
      return undefined;
    const v = this.negated(r, VALENCE.excess * r.multiplier);
    r.add(v);
    r.resetIntensity();
    if (r.negationLeft > 0) this.closeNegation(r);
    // "too small to be useful": what it is too X for does not happen.
    if (r.tokens[i + 2]?.normal === 'to') r.negationLeft = NEGATION_SCOPE;
    return i + 2;
  }

  /** "lag is nonexistent" praises, "support is nonexistent" complains: the opposite of what came before. */
  private nonexistent(r: ClauseReading, i: number): number | undefined {
    if (!this.words.nonexistent.has(r.tokens[i]!.normal)) return undefined;
    r.add(r.raw < 0 ? VALENCE.nonexistent * r.raw : VALENCE.nonexistent);
    return i + 1;
  }

  /** Idioms ("stopped working", "worth every penny"): a negator flips them unless they carry their own. */
  private idiom(r: ClauseReading, i: number): number | undefined {
    const match = this.vocabulary.phrases.longestMatchAt(r.tokens, i);
    if (!match) return undefined;
    const { phrase, length } = match;
    if (phrase.neutralizesNegation) {
      r.negationLeft = 0;
      r.absenceNegator = false;
    } else {
      let v = this.paidForQuality(r, i, length) ?? phrase.value * r.multiplier;
      if (!phrase.fixed) v = this.negated(r, v);
      r.add(this.aboutEarlierProduct(r, i, v));
      if (phrase.fixed || r.negationFlipped) this.closeNegation(r);
    }
    r.resetIntensity();
    if (r.negationLeft > 0) r.negationLeft = Math.max(0, r.negationLeft - length);
    return i + length;
  }

  /** "Pricey, but you get what you pay for" defends the price; elsewhere the idiom keeps its own valence. */
  private paidForQuality(r: ClauseReading, i: number, length: number): number | undefined {
    if (!r.pricedHigh) return undefined;
    const text = r.tokens
      .slice(i, i + length)
      .map((t) => t.normal)
      .join(' ');
    return this.words.pricedIdioms.has(text) ? VALENCE.paidForQuality : undefined;
  }

  /** "never felt softer", "never looked worse": a comparative after "never" is a superlative. */
  private neverComparative(r: ClauseReading, i: number): number | undefined {
    if (r.tokens[i]!.normal !== 'never') return undefined;
    const k = [i + 1, i + 2].find((j) => isComparative(r.tokens[j]));
    if (k === undefined) return undefined;
    const lexicon = this.vocabulary.lexicon;
    const base = lexicon.get(r.tokens[k]!.lemma) ?? lexicon.get(r.tokens[k]!.normal) ?? 0;
    r.add(base < 0 ? -VALENCE.neverComparative : VALENCE.neverComparative);
    return k + 1;
  }

  /** Negators ("not", "never", "without", "far from") flip the next opinion within NEGATION_SCOPE words. */
  private negator(r: ClauseReading, i: number): number | undefined {
    const t = r.tokens[i]!;
    const farFrom = t.normal === 'far' && r.tokens[i + 1]?.normal === 'from';
    if (!this.words.negators.has(t.normal) && !farFrom) return undefined;
    this.closeNegation(r);
    r.negationLeft = NEGATION_SCOPE;
    this.noteAbsence(r, i);
    this.deniedHope(r, i);
    return i + (farFrom ? 2 : 1);
  }

  /**
   * What a negator says is missing: "no instructions", "without the charger" complain about it;
   * "without bouncing" praises what does not happen. Counted when the negation ends unflipped.
   */
  private noteAbsence(r: ClauseReading, i: number): void {
    const t = r.tokens[i]!;
    const next = r.tokens[i + 1];
    const nextPos = next?.pos ?? '';
    r.absenceNegator =
      this.words.absenceNegators.has(t.normal) &&
      (t.normal !== 'without' || nextPos === 'DET' || nextPos === 'NOUN');
    r.absenceOfBehaviour =
      t.normal === 'without' && nextPos === 'VERB' && (next?.normal.endsWith('ing') ?? false);
  }

  /** "…but it just doesn't.": a negated auxiliary closing the clause denies what was hoped for. */
  private deniedHope(r: ClauseReading, i: number): void {
    const closesClause = r.tokens.slice(i + 1).filter(isWord).length === 0;
    if (
      closesClause &&
      r.tokens[i]!.normal === 'not' &&
      this.words.deniedAuxiliaries.has(r.tokens[i - 1]?.normal ?? '')
    )
      r.add(VALENCE.deniedHope);
  }

  /** The end of a negation's scope: an absence it named and nothing flipped counts now. */
  private closeNegation(r: ClauseReading): void {
    if (r.negationLeft > 0 && r.absenceNegator && !r.negationFlipped) r.add(VALENCE.absence);
    if (r.negationLeft > 0 && r.absenceOfBehaviour && !r.negationFlipped) r.add(VALENCE.absenceOfBehaviour);
    r.negationLeft = 0;
    r.absenceNegator = false;
    r.absenceOfBehaviour = false;
    r.negationFlipped = false;
  }

  /** Intensifiers and diminishers ("very", "slightly") scale the next opinion within INTENSITY_SCOPE words. */
  private intensity(r: ClauseReading, i: number): number | undefined {
    const t = r.tokens[i]!;
    const factor = this.vocabulary.intensity.get(t.normal);
    if (factor === undefined || (t.normal === 'pretty' && t.pos === 'ADJ')) return undefined;
    r.multiplier *= factor;
    r.multiplierLeft = INTENSITY_SCOPE;
    if (r.negationLeft > 0) r.negationLeft -= 1;
    return i + 1;
  }

  /** A word's own valence, turned by negation, scare quotes or the replaced product it is about. */
  private opinionWord(r: ClauseReading, i: number): number {
    const t = r.tokens[i]!;
    let v = this.wordValence(t, r.tokens[i - 1]) * r.multiplier;
    if (r.negationLeft > 0)
      v = this.isFunctionVerb(t) ? this.failure(r, v) : v === 0 ? v : this.negated(r, v);
    else if (v > 0 && this.isScareQuoted(r.tokens, i)) v = VALENCE.scareQuoted * v;
    v = this.aboutEarlierProduct(r, i, v);
    r.add(v);
    if (v !== 0) r.resetIntensity();
    else if (r.multiplierLeft > 0 && --r.multiplierLeft === 0) r.multiplier = 1;
    if (r.negationLeft > 0) {
      r.negationLeft -= 1;
      if (r.negationFlipped || r.negationLeft === 0) this.closeNegation(r);
    }
    return i + 1;
  }

  /** Negation: "not good" is clearly negative, "not bad" only mildly positive. */
  private negated(r: ClauseReading, v: number): number {
    if (r.negationLeft === 0) return v;
    r.negationFlipped = true;
    return flip(v);
  }

  /** "doesn't fit", "won't charge", "never arrived": a function verb that fails is the complaint. */
  private failure(r: ClauseReading, v: number): number {
    r.negationFlipped = true;
    return v >= 0 && v <= 1 ? VALENCE.failure * r.multiplier : flip(v);
  }

  private isFunctionVerb(t: ReviewToken): boolean {
    return this.words.functionVerbs.has(t.normal) || this.words.functionVerbs.has(t.lemma);
  }

  /** 'so-called "waterproof"': praise in quotes usually mocks it. */
  private isScareQuoted(tokens: readonly ReviewToken[], i: number): boolean {
    const before = tokens[i - 1];
    const after = tokens[i + 1];
    return (
      before !== undefined &&
      after !== undefined &&
      this.words.quotes.has(before.text) &&
      this.words.quotes.has(after.text)
    );
  }

  /**
   * "my old one was better": praise of the replaced product in a comparative is a complaint about this
   * one; anything else said about it barely concerns this one.
   */
  private aboutEarlierProduct(r: ClauseReading, i: number, v: number): number {
    if (r.earlier < 0) return v;
    return v > 0 && i > r.earlier && isComparative(r.tokens[i])
      ? VALENCE.earlierComparative * v
      : VALENCE.earlierProduct * v;
  }

  /**
   * Index of a mention of the product this one replaced ("my old one", "the previous model") when the clause
   * is about it rather than comparing with it (no "than"/"replaced"/"unlike" before it); -1 when there is none.
   */
  private earlierProductAt(tokens: readonly ReviewToken[]): number {
    for (let i = 0; i < tokens.length; i += 1) {
      const t = tokens[i]!;
      if (this.words.comparedTo.has(t.normal)) return -1;
      const next = tokens[i + 1];
      // "first" only names an earlier unit ("the first one was defective"), not "the first time".
      if (
        this.words.earlierProduct.has(t.normal) &&
        next &&
        (this.words.earlierUnit.has(next.normal) || (t.normal === 'first' && next.normal === 'was'))
      )
        return i;
    }
    return -1;
  }

  /** The lexicon's valence of a word, emoticon or written rating, where the word is an opinion at all. */
  private wordValence(t: ReviewToken, prev: ReviewToken | undefined): number {
    if (t.type === 'emoticon' || t.type === 'emoji')
      return this.vocabulary.emoticons.get(t.text) ?? this.vocabulary.emoticons.get(t.normal) ?? 0;
    if (t.type === 'number') return fractionRating(t.text);
    if (t.type !== 'word' || !isOpinionHere(t, prev)) return 0;
    const v = this.vocabulary.lexicon.get(t.normal) ?? this.vocabulary.lexicon.get(t.lemma) ?? 0;
    return isShouted(t) ? v * VALENCE.shouted : v;
  }

  // --- Clauses weighed against each other.

  /** What follows "but" outweighs what preceded it; "although" and "if" clauses count less. */
  private weighLeads(clauses: ScoredClause[]): void {
    let sinceContrast = 0;
    clauses.forEach((c, i) => {
      if (c.lead === 'contrast') {
        for (let j = sinceContrast; j < i; j += 1) clauses[j]!.weight *= WEIGHT.beforeContrast;
        c.weight *= WEIGHT.contrastAfter;
        sinceContrast = i;
      } else if (c.lead === 'concession') c.weight *= WEIGHT.concession;
      else if (c.lead === 'condition') c.weight *= WEIGHT.condition;
    });
  }

  /**
   * "love the color, hate the fit": two opposite clauses side by side read like "X but Y", the later one
   * the verdict, unless it is an afterthought ("…, nice box though") or either is about logistics.
   */
  private weighJuxtaposed(clauses: ScoredClause[]): void {
    const last = clauses[clauses.length - 1];
    const before = clauses[clauses.length - 2];
    if (!last || !before || last.lead !== 'none' || before.lead !== 'none') return;
    if (clauses.some((c) => c.lead === 'contrast') || last.raw * before.raw >= 0) return;
    if (this.isAfterthought(last) || [last, before].some((c) => this.isAboutLogistics(c))) return;
    before.weight *= WEIGHT.beforeJuxtaposed;
    last.weight *= WEIGHT.juxtaposedAfter;
  }

  private isAfterthought(clause: ScoredClause): boolean {
    return clause.tokens.some((t) => this.words.afterthought.has(t.normal));
  }

  private isAboutLogistics(clause: ScoredClause): boolean {
    return clause.tokens.some((t) => this.logisticsWords.has(t.normal) || this.logisticsWords.has(t.lemma));
  }

  /** "flimsy, but for 8 bucks who cares": a complaint waved away counts for less. */
  private weighDismissed(clauses: ScoredClause[]): void {
    clauses.forEach((c, i) => {
      const text = ` ${c.tokens.map((t) => t.normal).join(' ')} `;
      if (!this.dismissals.some((d) => text.includes(d))) return;
      for (let j = 0; j < i; j += 1) if (clauses[j]!.raw < 0) clauses[j]!.weight *= WEIGHT.dismissed;
    });
  }

  /** "Already cracked, great.": a lone cheer after a complaint is sarcasm and counts nothing. */
  private silenceClosingCheer(clauses: ScoredClause[]): void {
    const closing = clauses[clauses.length - 1];
    if (!closing || clauses.length < 2 || !this.isLoneCheer(closing)) return;
    if (clauses.slice(0, -1).reduce((sum, c) => sum + c.raw * c.weight, 0) < 0) closing.weight = 0;
  }

  /** "Great, another charger that doesn't charge.": cheering words before a complaint are sarcasm. */
  private silenceSarcasticOpeners(clauses: ScoredClause[]): void {
    const rest = clauses.slice(1).reduce((s, c) => s + c.raw * c.weight, 0);
    for (let k = 0; k < clauses.length - 1 && rest < 0; k += 1) {
      const c = clauses[k]!;
      if (!this.isOnlyCheering(c)) break;
      if (c.raw > 0) c.weight = 0;
    }
  }

  private isOnlyCheering(clause: ScoredClause): boolean {
    const words = clause.tokens.filter(isWord);
    return (
      words.length > 0 &&
      words.length <= CHEER_WORDS &&
      words.every((w) => this.words.sarcasticOpeners.has(w.normal))
    );
  }

  /** "!" adds up to 30 % to every clause of its sentence. */
  private weighExclamations(clauses: ScoredClause[], sentence: ReviewSentence): void {
    const exclamations = sentence.tokens.filter((t) => t.text.includes('!')).length;
    if (exclamations > 0)
      for (const c of clauses) c.weight *= 1 + WEIGHT.exclamation * Math.min(exclamations, 3);
  }

  /** A question asks more than it judges. */
  private weighQuestion(clauses: ScoredClause[], sentence: ReviewSentence): void {
    if (sentence.tokens.some((t) => t.text === '?')) for (const c of clauses) c.weight *= WEIGHT.question;
  }
}

function flip(v: number): number {
  return v > 0 ? -0.75 * v : -0.5 * v;
}

/** Words that are opinions only in some positions. */
function isOpinionHere(t: ReviewToken, prev: ReviewToken | undefined): boolean {
  // "smells like", "looks like": the preposition is not the verb of liking.
  if (t.normal === 'like' && t.pos !== 'VERB') return false;
  // "pretty" before an adjective intensifies; only the adjective is praise.
  if (t.normal === 'pretty' && t.pos === 'ADV') return false;
  // "it's clearly smaller", "clearly used": only after a verb or its object ("hear it clearly") is it praise.
  return !(
    t.normal === 'clearly' &&
    (prev === undefined || prev.pos === 'AUX' || prev.pos === 'PRON' || prev.pos === 'PUNCT')
  );
}

function isShouted(t: ReviewToken): boolean {
  return t.text.length >= 3 && /^[A-Z]+$/.test(t.text);
}

/** "10/10", "1/5": a rating written as a fraction. */
function fractionRating(text: string): number {
  const m = /^(\d+(?:\.\d+)?)\/(5|10|100)$/.exec(text);
  if (!m) return 0;
  const ratio = Number(m[1]) / Number(m[2]);
  return ratio > 1 ? 0 : (ratio - 0.55) * 6;
}

function isComparative(t: ReviewToken | undefined): boolean {
  if (!t || (t.pos !== 'ADJ' && t.pos !== 'ADV')) return false;
  return t.normal === 'better' || t.normal === 'worse' || (t.normal.endsWith('er') && t.lemma !== t.normal);
}
