// What the aspect model sees of one clause: its lemmas, pairs of neighbouring lemmas and which aspects
// the taxonomy's cue words name; for the polarity, the lemmas and the rule scores of the clause, its
// sentence and the whole review. The same functions feed training (src/tools/review-aspects-train.ts)
// and the analyser, so both see the same features.
import { ASPECTS, type AspectName } from './aspect-taxonomy.js';
import type { ReviewToken } from './review-tokenizer.js';

const WORD_TYPES = new Set(['word', 'number', 'ordinal']);

function lemmaOf(t: ReviewToken): string {
  return t.type === 'word' ? t.lemma : '<num>';
}

/** Aspects whose taxonomy words (by normal form or lemma) or cue phrases occur in the tokens. */
export function taxonomyHits(tokens: readonly ReviewToken[]): AspectName[] {
  const joined = ` ${tokens.map((t) => t.normal).join(' ')} `;
  return ASPECTS.filter(
    (def) =>
      tokens.some((t) => def.words.has(t.normal) || def.words.has(t.lemma)) ||
      def.phrases.some((p) => joined.includes(` ${p} `)),
  ).map((def) => def.name);
}

function wordFeatures(tokens: readonly ReviewToken[]): Set<string> {
  const words = tokens.filter((t) => WORD_TYPES.has(t.type)).map(lemmaOf);
  const features = new Set<string>();
  words.forEach((w, i) => {
    features.add(`w:${w}`);
    if (i > 0) features.add(`b:${words[i - 1]}_${w}`);
  });
  return features;
}

/** Distinct features for telling which aspects a clause talks about. */
export function clauseFeatures(tokens: readonly ReviewToken[]): string[] {
  const features = wordFeatures(tokens);
  for (const aspect of taxonomyHits(tokens)) features.add(`lex:${aspect}`);
  return [...features];
}

/** A rule score put in a coarse bucket, so a linear model can weigh "a little" and "a lot" apart. */
function bucket(raw: number): string {
  if (raw === 0) return '0';
  const sign = raw > 0 ? '+' : '-';
  const size = Math.abs(raw);
  return size < 1 ? `${sign}small` : size < 3 ? `${sign}mid` : `${sign}large`;
}

/** The rule scores (summed valences) around a clause. */
export interface RuleScores {
  readonly clause: number;
  readonly sentence: number;
  readonly review: number;
}

/**
 * Distinct features for telling which way a clause leans about its aspect. The nearest opinion the
 * rules found speaks for it: the clause's own; when it has none, its sentence's ("smaller than the
 * picture suggests, it barely holds a mug"); when that has none either, the whole review's.
 */
export function polarityFeatures(tokens: readonly ReviewToken[], rules: RuleScores): string[] {
  const features = wordFeatures(tokens);
  if (rules.clause !== 0) features.add(`rule:clause:${bucket(rules.clause)}`);
  else if (rules.sentence !== 0) features.add(`rule:sentence:${bucket(rules.sentence)}`);
  else features.add(`rule:review:${bucket(rules.review)}`);
  return [...features];
}
