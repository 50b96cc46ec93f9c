// The review-sentiment service's embedded model: polarity, score and aspects of one review from its
// text alone, with no network. The star rating is accepted but never decides the text's polarity:
// fraud detection compares the two to find reviews whose words and stars disagree.
import { ASPECTS, LOGISTICS_ASPECTS, SHADOWED_BY, type AspectName } from './aspect-taxonomy.js';
import { isInstructionToModel } from './instruction-filter.js';
import { detectLanguage } from './language-detector.js';
import { isLoneCheer, scoreSentence, type ScoredClause, type ScoredSentence } from './polarity-scorer.js';
import { textOf, tokenizeReview } from './review-tokenizer.js';

export type Polarity = 'positive' | 'negative' | 'neutral';

export interface ReviewInput {
  readonly title?: string;
  readonly body: string;
  /** Star rating 1–5; recorded by callers, deliberately not used for the text's polarity. */
  readonly rating?: number;
  /** Language the shop declared; the text itself is checked too. */
  readonly language?: string;
}

export interface AspectSentiment {
  readonly aspect: AspectName;
  readonly polarity: Polarity;
  /** -1 … 1 */
  readonly score: number;
  /** The clause of the review that talks about the aspect. */
  readonly evidence: string;
}

export interface ReviewAnalysis {
  readonly polarity: Polarity;
  /** -1 … 1; above 0 leans positive. */
  readonly score: number;
  /** 0 … 1 */
  readonly confidence: number;
  /** ISO 639-1 code of the text ('und' when undetermined). */
  readonly language: string;
  /** True when the model could not judge the text well (another language, no opinion words). */
  readonly lowConfidence: boolean;
  readonly aspects: AspectSentiment[];
}

export interface ReviewAnalyserOptions {
  /** Languages the embedded model can judge. */
  readonly languages?: readonly string[];
  /** |score| below this is reported neutral. */
  readonly neutralBand?: number;
  /** Confidence below this sets lowConfidence. */
  readonly lowConfidenceBelow?: number;
  /** Text beyond this many characters (title and body each) is not read; bounds the cost of one review. */
  readonly maxChars?: number;
}

// Maps a summed valence to -1…1; a single clear opinion word ("great", 2) lands near 0.6.
const SQUASH = 6;
const squash = (x: number): number => x / Math.sqrt(x * x + SQUASH);
const TITLE_WEIGHT = 0.8;
const LOGISTICS_WEIGHT = 0.5;

interface WeightedClause {
  readonly clause: ScoredClause;
  readonly aspects: AspectName[];
}

export class ReviewAnalyser {
  private readonly languages: ReadonlySet<string>;
  private readonly neutralBand: number;
  private readonly lowConfidenceBelow: number;
  private readonly maxChars: number;

  constructor(options: ReviewAnalyserOptions = {}) {
    this.languages = new Set(options.languages ?? ['en']);
    this.neutralBand = options.neutralBand ?? 0.05;
    this.lowConfidenceBelow = options.lowConfidenceBelow ?? 0.35;
    this.maxChars = options.maxChars ?? 20_000;
  }

  analyse(input: ReviewInput): ReviewAnalysis {
    const title = (input.title ?? '').slice(0, this.maxChars).trim();
    const body = input.body.slice(0, this.maxChars).trim();
    const language = this.languageOf(`${title} ${body}`, input.language);
    if (!this.languages.has(language)) {
      // The lexicon is English; guessing on other languages would only add noise downstream.
      return { polarity: 'neutral', score: 0, confidence: 0.1, language, lowConfidence: true, aspects: [] };
    }

    const sentences: Array<{ scored: ScoredSentence; weight: number }> = [];
    for (const [text, weight] of [[title, TITLE_WEIGHT], [body, 1]] as const) {
      if (!text) continue;
      for (const sentence of tokenizeReview(text)) {
        if (isInstructionToModel(sentence.text)) continue;
        const scored = scoreSentence(sentence);
        if (scored.opensWithContrast) for (const s of sentences) s.weight *= 0.7;
        // "Arrived cracked. Great." — a sentence that only cheers after a complaint is sarcasm.
        const soFar = sentences.reduce((sum, s) => sum + s.weight * s.scored.clauses.reduce((a, c) => a + c.raw * c.weight, 0), 0);
        const sarcastic = scored.clauses.length === 1 && isLoneCheer(scored.clauses[0]!) && soFar < 0;
        sentences.push({ scored, weight: sarcastic ? 0 : weight });
      }
    }

    const clauses: WeightedClause[] = sentences.flatMap(({ scored, weight }) =>
      scored.clauses.map((clause) => {
        clause.weight *= weight;
        return { clause, aspects: aspectsOf(clause) };
      }),
    );
    // "Great product, terrible shipping": the product matters more than the parcel.
    const aboutProduct = clauses.some((c) => c.clause.raw !== 0 && !isLogisticsOnly(c.aspects));
    if (aboutProduct) for (const c of clauses) if (isLogisticsOnly(c.aspects)) c.clause.weight *= LOGISTICS_WEIGHT;

    let total = 0;
    let positive = 0;
    let negative = 0;
    for (const { clause } of clauses) {
      total += clause.raw * clause.weight;
      positive += clause.positive * clause.weight;
      negative += clause.negative * clause.weight;
    }
    if (total === 0) {
      // Nothing our lexicon knows: fall back to wink's general lexicon, softly.
      total = 0.5 * sentences.reduce((s, x) => s + x.scored.baseSentiment * x.weight, 0);
    }

    const score = round(squash(total));
    const strength = 1 - Math.exp(-Math.abs(total) / 2.5);
    const mixed = Math.max(positive, negative) > 0 ? Math.min(positive, negative) / Math.max(positive, negative) : 0;
    const confidence = round(Math.min(1, (0.15 + 0.85 * strength) * (1 - 0.5 * mixed)));
    return {
      polarity: this.polarityOf(score),
      score,
      confidence,
      language,
      lowConfidence: confidence < this.lowConfidenceBelow,
      aspects: this.aspectSentiments(clauses),
    };
  }

  private languageOf(text: string, declared: string | undefined): string {
    const guess = detectLanguage(text);
    const hint = declared?.toLowerCase().split(/[-_]/)[0];
    if (guess.language === 'und') return hint || 'en';
    // Short texts give a weak guess; then a declared language breaks the tie.
    if (guess.confidence < 0.3 && hint) return hint;
    return guess.language;
  }

  private polarityOf(score: number): Polarity {
    if (score > this.neutralBand) return 'positive';
    if (score < -this.neutralBand) return 'negative';
    return 'neutral';
  }

  private aspectSentiments(clauses: readonly WeightedClause[]): AspectSentiment[] {
    const byAspect = new Map<AspectName, { total: number; evidence: ScoredClause }>();
    for (const { clause, aspects } of clauses) {
      for (const aspect of aspects) {
        const seen = byAspect.get(aspect);
        if (!seen) byAspect.set(aspect, { total: clause.raw, evidence: clause });
        else {
          seen.total += clause.raw;
          if (Math.abs(clause.raw) > Math.abs(seen.evidence.raw)) seen.evidence = clause;
        }
      }
    }
    return [...byAspect.entries()].map(([aspect, { total, evidence }]) => {
      const score = round(squash(total));
      return { aspect, polarity: this.polarityOf(score), score, evidence: textOf(evidence.tokens) };
    });
  }
}

function aspectsOf(clause: ScoredClause): AspectName[] {
  const normals = clause.tokens.map((t) => t.normal);
  const joined = ` ${normals.join(' ')} `;
  const found: AspectName[] = [];
  for (const def of ASPECTS) {
    const hit =
      clause.tokens.some((t) => def.words.has(t.normal) || def.words.has(t.lemma)) ||
      def.phrases.some((p) => joined.includes(` ${p} `));
    if (hit) found.push(def.name);
  }
  return found.filter((name) => !(SHADOWED_BY.get(name) ?? []).some((other) => found.includes(other)));
}

function isLogisticsOnly(aspects: readonly AspectName[]): boolean {
  return aspects.length > 0 && aspects.every((a) => LOGISTICS_ASPECTS.has(a));
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
