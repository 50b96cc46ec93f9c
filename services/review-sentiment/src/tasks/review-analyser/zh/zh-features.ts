// What the Chinese polarity model sees of a text: character 1–3-grams (Chinese words are not
// spaced, and ICU's dictionary splits shopping words badly: 洗|发|水), the words ICU's segmenter
// finds, and the bigrams inside a negation's reach marked as negated, so that 不是很好 does not
// read as 很好. Each clause counts by its place in the review: after a contrast (但是 …) more,
// in a concession (虽然 …) less. The vector is scaled to unit length, so a long hotel review and a
// four-character verdict weigh alike in training.
import { segmentWords } from '@shopmind/vocabulary';
import { zhClauses, type ZhClause } from './zh-clauses.js';

export interface ZhFeatureOptions {
  /** Longest character n-gram. */
  readonly maxGram: number;
  /** Add the words of ICU's segmenter. */
  readonly words: boolean;
  /** Add the bigrams in a negation's reach, marked. */
  readonly negation: boolean;
  /** Weight of a clause that opens with a contrast word. */
  readonly contrastWeight: number;
  /** Weight of a clause that opens with a concession word. */
  readonly concessionWeight: number;
}

export const DEFAULT_ZH_FEATURES: ZhFeatureOptions = {
  maxGram: 3,
  words: true,
  negation: true,
  contrastWeight: 1.5,
  concessionWeight: 0.6,
};

/** Characters that negate what follows them within a clause. */
const NEGATORS = new Set(['不', '没', '无', '别', '未', '非', '莫']);
/** How many characters after a negator it reaches (at most; it stops at the clause's end). */
const NEGATION_REACH = 6;
/** Negators that are part of a fixed word rather than a negation of what follows. */
const NOT_NEGATION = [
  '不错',
  '不得不',
  '没想到',
  '无论',
  '不过',
  '非常',
  '别人',
  '别的',
  '无线',
  '不仅',
  '不但',
  '不管',
  '不少',
  '不久',
  '不断',
  '并非不',
  '无比',
  '莫名',
];

/** Lower case, full-width forms folded, runs of one repeated character cut to two (好好好好 → 好好). */
export function normaliseZh(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/(.)\1{2,}/gu, '$1$1');
}

/**
 * Where each character of a clause stands: 1 outside a negation, -1 in a negation's reach (from
 * the character after 不/没/无 … to the clause's end, at most NEGATION_REACH characters).
 */
export function negationSigns(chars: readonly string[]): number[] {
  const signs = chars.map(() => 1);
  const text = chars.join('');
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    if (!NEGATORS.has(c)) continue;
    if (NOT_NEGATION.some((w) => w.includes(c) && text.startsWith(w, i - w.indexOf(c)))) continue;
    // A second negation in the reach turns it back: 不是不好 is not bad.
    for (let k = i + 1; k < Math.min(chars.length, i + 1 + NEGATION_REACH); k++) signs[k] = -signs[k]!;
  }
  return signs;
}

/** The features of one clause, each once per occurrence, added to `into` with `weight`. */
export function addClauseFeatures(
  clause: string,
  weight: number,
  options: ZhFeatureOptions,
  into: Map<string, number>,
): void {
  const add = (f: string, w: number): void => {
    into.set(f, (into.get(f) ?? 0) + w);
  };
  const chars = [...normaliseZh(clause)].filter((c) => /[\p{L}\p{N}]/u.test(c));
  // A negated n-gram counts against its usual lean (不累 leans the other way from 累), and a marked
  // copy lets the model learn where that is wrong.
  const signs = options.negation ? negationSigns(chars) : chars.map(() => 1);
  // ^ and $ mark the clause's edges: 好评 as a whole clause is not 好评如潮's first half.
  const marked = ['^', ...chars, '$'];
  const signAt = (i: number): number => (i === 0 || i > chars.length ? 1 : signs[i - 1]!);
  for (let n = 1; n <= options.maxGram; n++)
    for (let i = 0; i + n <= marked.length; i++) {
      const gram = marked.slice(i, i + n).join('');
      if (gram === '^' || gram === '$') continue;
      const negated = signAt(i) < 0 && signAt(i + n - 1) < 0;
      add(gram, negated ? -weight : weight);
      if (negated && n <= 2) add(`~${gram}`, weight);
    }
  if (options.words)
    for (const w of segmentWords(normaliseZh(clause))) if (w.length > 1) add(`w:${w}`, weight);
}

/** How much a clause counts in its review. */
export function clauseWeight(clause: ZhClause, options: ZhFeatureOptions): number {
  if (clause.contrast) return options.contrastWeight;
  if (clause.concession) return options.concessionWeight;
  return 1;
}

/** The feature vector of a whole text (a review, or one clause of it), scaled to unit length. */
export function zhFeatures(
  text: string,
  options: ZhFeatureOptions = DEFAULT_ZH_FEATURES,
): Map<string, number> {
  const features = new Map<string, number>();
  for (const clause of zhClauses(text))
    addClauseFeatures(clause.text, clauseWeight(clause, options), options, features);
  return unitLength(features);
}

export function unitLength(features: Map<string, number>): Map<string, number> {
  let sum = 0;
  for (const v of features.values()) sum += v * v;
  const norm = Math.sqrt(sum);
  if (norm > 0) for (const [f, v] of features) features.set(f, v / norm);
  return features;
}
