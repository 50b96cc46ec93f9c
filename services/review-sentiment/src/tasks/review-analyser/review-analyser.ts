// The review-sentiment service's embedded model: polarity, score and aspects of one review from its
// text alone, with no network. The star rating is accepted but never decides the text's polarity:
// fraud detection compares the two to find reviews whose words and stars disagree.
import { clauseFeatures, polarityFeatures, taxonomyHits } from './aspect-features.js';
import { AspectModel, type AspectModelWeights } from './aspect-model.js';
import { LOGISTICS_ASPECTS, SHADOWED_BY, type AspectName } from './aspect-taxonomy.js';
import { ASPECT_WEIGHTS } from './aspect-weights.js';
import { isInstructionToModel, withoutInstructions } from './instruction-filter.js';
import { detectLanguage, LOCAL_LANGUAGES } from '@shopmind/vocabulary';
import { ClauseScorer, type ScoredClause, type ScoredSentence } from './clause-scorer.js';
import { textOf, tokenizeReview } from './review-tokenizer.js';
import { reviewVocabulary } from './review-vocabulary.js';
import { squash } from './score-scale.js';
import type { ZhPolarityWeights } from './zh/zh-polarity-model.js';
import { shippedZhModel, ZhReviewReader, type ZhReading } from './zh/zh-review-reader.js';

export type Polarity = 'positive' | 'negative' | 'neutral';
/** A review as a whole may also be mixed: praise and complaints of comparable weight. */
export type ReviewPolarity = Polarity | 'mixed';

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
  /**
   * Where the evidence stands in the review as given (Chinese reviews): input[field].slice(start, end)
   * === evidence.
   */
  readonly span?: { readonly field: 'title' | 'body'; readonly start: number; readonly end: number };
}

export interface ReviewAnalysis {
  readonly polarity: ReviewPolarity;
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
  /**
   * A review whose aspects disagree is mixed when its weaker side (its most clearly praised or
   * criticised aspect) is at least this share as strong as its stronger side.
   */
  readonly mixedBalance?: number;
  /** Weights of the aspect model; the trained ones that ship with the service by default. */
  readonly aspectWeights?: AspectModelWeights;
  /** Weights of the Chinese polarity model; zh/zh-polarity-weights.json by default. */
  readonly zhWeights?: ZhPolarityWeights;
}

const TITLE_WEIGHT = 0.8;
const LOGISTICS_WEIGHT = 0.5;
/** A Chinese clause whose own lean is weaker than this takes half its aspects' lean from the review. */
const ZH_FLAT_CLAUSE = 0.3;

interface WeightedClause {
  readonly clause: ScoredClause;
  /** Index of its sentence in the review. */
  readonly sentence: number;
  /** The aspects its cue words name: what weighs logistics clauses down in the score. */
  readonly cues: AspectName[];
}

/** One review read by the rules: its clauses with their discourse weights, and the summed valences. */
interface Reading {
  readonly clauses: readonly WeightedClause[];
  readonly total: number;
  readonly positive: number;
  readonly negative: number;
}

/** What the aspect model sees of one clause. */
export interface ClauseFeatures {
  /** For telling which aspects the clause talks about. */
  readonly aspects: string[];
  /** For telling which way it leans about them. */
  readonly polarity: string[];
}

export class ReviewAnalyser {
  private readonly languages: ReadonlySet<string>;
  private readonly neutralBand: number;
  private readonly lowConfidenceBelow: number;
  private readonly maxChars: number;
  private readonly mixedBalance: number;
  private readonly aspectModel: AspectModel;
  private readonly clauseScorer = new ClauseScorer(reviewVocabulary('en'));
  private readonly zhWeights: ZhPolarityWeights | undefined;
  private zhReader: ZhReviewReader | undefined;

  constructor(options: ReviewAnalyserOptions = {}) {
    // English by the rules and lexicon, Chinese by the learned model; any other language is left unjudged.
    this.languages = new Set<string>(options.languages ?? LOCAL_LANGUAGES);
    this.zhWeights = options.zhWeights;
    this.neutralBand = options.neutralBand ?? 0.05;
    this.lowConfidenceBelow = options.lowConfidenceBelow ?? 0.35;
    this.maxChars = options.maxChars ?? 20_000;
    this.mixedBalance = options.mixedBalance ?? 0.5;
    this.aspectModel = new AspectModel(options.aspectWeights ?? ASPECT_WEIGHTS);
  }

  /** What the aspect model sees of each clause of the review, in order: for training it. */
  aspectFeatures(input: Pick<ReviewInput, 'title' | 'body'>): ClauseFeatures[] {
    const reading = this.read(input);
    return reading.clauses.map((c) => featuresOf(reading, c));
  }

  analyse(input: ReviewInput): ReviewAnalysis {
    const title = (input.title ?? '').slice(0, this.maxChars).trim();
    const body = input.body.slice(0, this.maxChars).trim();
    const language = this.languageOf(`${title} ${body}`, input.language);
    if (!this.languages.has(language)) {
      // The lexicon is English; guessing on other languages would only add noise downstream.
      return { polarity: 'neutral', score: 0, confidence: 0.1, language, lowConfidence: true, aspects: [] };
    }
    if (language === 'zh') {
      const lead = (text: string | undefined): number => {
        const kept = (text ?? '').slice(0, this.maxChars);
        return kept.length - kept.trimStart().length;
      };
      // Sentences that instruct the model are blanked (offsets kept), as English ones are skipped.
      const reading = this.zh().read(withoutInstructions(title), withoutInstructions(body));
      return this.analyseZh(reading, lead(input.title), lead(input.body));
    }

    const reading = this.read({ title, body });
    const { total, positive, negative } = reading;
    const score = round(squash(total));
    const strength = 1 - Math.exp(-Math.abs(total) / 2.5);
    const mixed =
      Math.max(positive, negative) > 0 ? Math.min(positive, negative) / Math.max(positive, negative) : 0;
    const confidence = round(Math.min(1, (0.15 + 0.85 * strength) * (1 - 0.5 * mixed)));
    const aspects = this.aspectSentiments(reading);
    return {
      polarity: this.isMixed(aspects) ? 'mixed' : this.polarityOf(score),
      score,
      confidence,
      language,
      lowConfidence: confidence < this.lowConfidenceBelow,
      aspects,
    };
  }

  private zh(): ZhReviewReader {
    if (!this.zhReader) {
      const shipped = shippedZhModel();
      this.zhReader = new ZhReviewReader(this.zhWeights ?? shipped.weights, shipped.cues);
    }
    return this.zhReader;
  }

  /**
   * A Chinese review: the score is the learned model's probability of praise, as 2p − 1; each aspect
   * its cue words name leans the way the model reads the clauses that name it (averaged), and its
   * evidence is the clause it reads most clearly, with its offsets (`lead`: the characters trimmed
   * off the front of the title and body).
   */
  private analyseZh(reading: ZhReading, titleLead: number, bodyLead: number): ReviewAnalysis {
    const score = round(Math.tanh(reading.logit / 2));
    const confidence = round(Math.min(1, 0.15 + 0.85 * Math.abs(score)));
    const byAspect = new Map<AspectName, { leans: number[]; evidence: ZhReading['clauses'][number] }>();
    for (const clause of reading.clauses) {
      // A clause the model reads as flat ("和描述的一样") leans as the review does.
      const own = Math.tanh(clause.logit / 2);
      const lean = Math.abs(own) < ZH_FLAT_CLAUSE ? (own + score) / 2 : own;
      for (const aspect of clause.aspects) {
        const seen = byAspect.get(aspect);
        if (!seen) byAspect.set(aspect, { leans: [lean], evidence: clause });
        else {
          seen.leans.push(lean);
          if (Math.abs(own) > Math.abs(Math.tanh(seen.evidence.logit / 2))) seen.evidence = clause;
        }
      }
    }
    const aspects = [...byAspect.entries()].map(([aspect, { leans, evidence }]): AspectSentiment => {
      const aspectScore = round(leans.reduce((a, b) => a + b, 0) / leans.length);
      const lead = evidence.field === 'title' ? titleLead : bodyLead;
      return {
        aspect,
        polarity: this.polarityOf(aspectScore),
        score: aspectScore,
        evidence: evidence.text,
        span: { field: evidence.field, start: evidence.start + lead, end: evidence.end + lead },
      };
    });
    return {
      polarity: this.isMixed(aspects) ? 'mixed' : this.polarityOf(score),
      score,
      confidence,
      language: 'zh',
      lowConfidence: confidence < this.lowConfidenceBelow,
      aspects,
    };
  }

  /**
   * Mixed: the review praises one aspect and criticises another ("Lovely quality, but smaller than I
   * expected"), and the weaker side is at least `mixedBalance` as strong as the stronger, each side as
   * strong as its clearest aspect. A passing remark the aspect model reads as weak keeps the review on
   * its side. The overall score is left as the text's lean (the stars move it later, see
   * rating-evidence.ts).
   */
  private isMixed(aspects: readonly AspectSentiment[]): boolean {
    const praise = Math.max(0, ...aspects.filter((a) => a.polarity === 'positive').map((a) => a.score));
    const complaint = Math.max(0, ...aspects.filter((a) => a.polarity === 'negative').map((a) => -a.score));
    return (
      praise > 0 &&
      complaint > 0 &&
      Math.min(praise, complaint) >= this.mixedBalance * Math.max(praise, complaint)
    );
  }

  private read(input: Pick<ReviewInput, 'title' | 'body'>): Reading {
    const title = (input.title ?? '').slice(0, this.maxChars).trim();
    const body = input.body.slice(0, this.maxChars).trim();
    const sentences = this.sentencesOf({ title, body });
    const clauses: WeightedClause[] = sentences.flatMap(({ scored, weight }, sentence) =>
      scored.clauses.map((clause) => {
        clause.weight *= weight;
        return { clause, sentence, cues: cueAspectsOf(clause) };
      }),
    );
    // "Great product, terrible shipping": the product matters more than the parcel.
    const aboutProduct = clauses.some((c) => c.clause.raw !== 0 && !isLogisticsOnly(c.cues));
    if (aboutProduct)
      for (const c of clauses) if (isLogisticsOnly(c.cues)) c.clause.weight *= LOGISTICS_WEIGHT;

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
    return { clauses, total, positive, negative };
  }

  /** Title and body cut into scored sentences, each with its weight (title, sarcasm, a later "But …"). */
  private sentencesOf(
    input: Pick<ReviewInput, 'title' | 'body'>,
  ): Array<{ scored: ScoredSentence; weight: number }> {
    const sentences: Array<{ scored: ScoredSentence; weight: number }> = [];
    for (const [text, weight] of [
      [input.title ?? '', TITLE_WEIGHT],
      [input.body, 1],
    ] as const) {
      if (!text) continue;
      for (const sentence of tokenizeReview(text)) {
        if (isInstructionToModel(sentence.text)) continue;
        const scored = this.clauseScorer.scoreSentence(sentence);
        if (scored.opensWithContrast) for (const s of sentences) s.weight *= 0.7;
        // "Arrived cracked. Great." — a sentence that only cheers after a complaint is sarcasm.
        const soFar = sentences.reduce(
          (sum, s) => sum + s.weight * s.scored.clauses.reduce((a, c) => a + c.raw * c.weight, 0),
          0,
        );
        const sarcastic =
          scored.clauses.length === 1 && this.clauseScorer.isLoneCheer(scored.clauses[0]!) && soFar < 0;
        sentences.push({ scored, weight: sarcastic ? 0 : weight });
      }
    }
    return sentences;
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

  /**
   * Each aspect the model finds in a clause, leaning the way the polarity model reads that clause
   * (averaged over the clauses that name it); the evidence is the clause most clearly about it.
   */
  private aspectSentiments(reading: Reading): AspectSentiment[] {
    const byAspect = new Map<AspectName, { leans: number[]; evidence: ScoredClause; clearest: number }>();
    for (const c of reading.clauses) {
      const features = featuresOf(reading, c);
      const found = this.aspectModel.found(features.aspects);
      if (found.length === 0) continue;
      const lean = this.aspectModel.lean(features.polarity);
      for (const { aspect, score } of found) {
        const seen = byAspect.get(aspect as AspectName);
        if (!seen) byAspect.set(aspect as AspectName, { leans: [lean], evidence: c.clause, clearest: score });
        else {
          seen.leans.push(lean);
          if (score > seen.clearest) Object.assign(seen, { evidence: c.clause, clearest: score });
        }
      }
    }
    return [...byAspect.entries()].map(([aspect, { leans, evidence }]) => {
      const score = round(leans.reduce((a, b) => a + b, 0) / leans.length);
      return { aspect, polarity: this.polarityOf(score), score, evidence: textOf(evidence.tokens) };
    });
  }
}

function featuresOf(reading: Reading, c: WeightedClause): ClauseFeatures {
  const sentence = reading.clauses
    .filter((x) => x.sentence === c.sentence)
    .reduce((sum, x) => sum + x.clause.raw * x.clause.weight, 0);
  return {
    aspects: clauseFeatures(c.clause.tokens),
    polarity: polarityFeatures(c.clause.tokens, { clause: c.clause.raw, sentence, review: reading.total }),
  };
}

/** The aspects a clause's cue words name, less those another aspect in it explains away. */
function cueAspectsOf(clause: ScoredClause): AspectName[] {
  const found = taxonomyHits(clause.tokens);
  return found.filter((name) => !(SHADOWED_BY.get(name) ?? []).some((other) => found.includes(other)));
}

function isLogisticsOnly(aspects: readonly AspectName[]): boolean {
  return aspects.length > 0 && aspects.every((a) => LOGISTICS_ASPECTS.has(a));
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
