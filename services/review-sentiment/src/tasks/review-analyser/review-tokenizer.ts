// Splits review text into sentences and tokens with wink-nlp (its English lite model ships inside the
// npm package, so nothing is fetched at run time). Contractions come back expanded ("doesn't" → "does"
// "not") and common chat spellings normalised ("gr8" → "great"), which the scorer relies on.
import winkNLP, { type ItemSentence, type ItsFunction } from 'wink-nlp';
import model from 'wink-eng-lite-web-model';
import { correctSpelling } from './review-spelling.js';

export interface ReviewToken {
  /** The token as written. */
  readonly text: string;
  /** Lower-cased, normalised form (contractions expanded). */
  readonly normal: string;
  readonly lemma: string;
  /** Universal POS tag (ADJ, VERB, NOUN, …). */
  readonly pos: string;
  /** wink token type: word, number, punctuation, emoticon, emoji, … */
  readonly type: string;
  /** Whitespace written before the token, to rebuild evidence text faithfully. */
  readonly space: string;
}

export interface ReviewSentence {
  readonly text: string;
  readonly tokens: readonly ReviewToken[];
  /** wink's own lexicon score for the sentence, used only as a tie-breaker. */
  readonly baseSentiment: number;
}

const nlp = winkNLP(model, ['sbd', 'negation', 'sentiment', 'pos']);
const its = nlp.its;

export function tokenizeReview(text: string): ReviewSentence[] {
  const doc = nlp.readDoc(text);
  const sentences: ReviewSentence[] = [];
  doc.sentences().each((sentence: ItemSentence) => {
    const tokens = sentence.tokens();
    // wink's typings do not cover the lemma addon's signature; every `its` used here yields strings.
    const column = (f: unknown): string[] => tokens.out(f as ItsFunction<string>) as string[];
    const values = column(its.value);
    const normals = column(its.normal);
    const lemmas = column(its.lemma);
    const tags = column(its.pos);
    const types = column(its.type);
    const spaces = column(its.precedingSpaces);
    const base = Number(sentence.out(its.sentiment));
    const raw: ReviewToken[] = values.map((value, i) => {
      const normal = normals[i] ?? value.toLowerCase();
      const corrected = types[i] === 'word' ? correctSpelling(normal) : normal;
      return {
        text: value,
        normal: corrected,
        lemma: corrected !== normal ? corrected : (lemmas[i] ?? normal).toLowerCase(),
        pos: tags[i] ?? 'X',
        type: types[i] ?? 'word',
        space: spaces[i] ?? '',
      };
    });
    sentences.push({
      text: sentence.out(),
      baseSentiment: Number.isFinite(base) ? base : 0,
      tokens: joinHyphenated(raw),
    });
  });
  return sentences;
}

/**
 * wink splits "top-notch" into three tokens and "A+" into two; shoppers' compound words ("well-made", "hassle-free",
 * "so-so") carry their own meaning, so a hyphen with no spaces around it joins its neighbours.
 */
function joinHyphenated(tokens: readonly ReviewToken[]): ReviewToken[] {
  const out: ReviewToken[] = [];
  for (let i = 0; i < tokens.length; i += 1) {
    const t = tokens[i]!;
    const hyphen = tokens[i + 1];
    const next = tokens[i + 2];
    if (t.normal === 'a' && t.text === 'A' && hyphen?.text === '+' && hyphen.space === '') {
      // "A+", "A+++": a school grade for the seller or product.
      let j = i + 1;
      while (tokens[j]?.text === '+' && tokens[j]?.space === '') j += 1;
      out.push({
        ...t,
        text: tokens
          .slice(i, j)
          .map((x) => x.text)
          .join(''),
        normal: 'a+',
        lemma: 'a+',
        pos: 'ADJ',
      });
      i = j - 1;
      continue;
    }
    if (
      t.type === 'word' &&
      hyphen?.text === '-' &&
      hyphen.space === '' &&
      next?.type === 'word' &&
      next.space === ''
    ) {
      out.push({
        ...t,
        text: `${t.text}-${next.text}`,
        normal: `${t.normal}-${next.normal}`,
        lemma: `${t.normal}-${next.lemma}`,
        pos: next.pos,
      });
      i += 2;
      continue;
    }
    out.push(t);
  }
  return out;
}

/** Rebuilds the written text of a run of tokens (original spelling and spacing). */
export function textOf(tokens: readonly ReviewToken[]): string {
  return tokens
    .map((t, i) => (i === 0 ? t.text : t.space + t.text))
    .join('')
    .trim();
}
