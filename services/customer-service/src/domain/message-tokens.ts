// Splits customer text into normalised tokens with wink-nlp's English lite model (shipped inside the
// npm package, nothing fetched at run time): lower case, contractions expanded ("hasn't" → "has"
// "not"), chat spellings normalised ("pls" → "please"), lemmas, and wink's negation scope.
import winkNLP, { type ItsFunction } from 'wink-nlp';
import model from 'wink-eng-lite-web-model';

export interface MessageToken {
  /** Lower-cased, normalised form. */
  readonly normal: string;
  readonly lemma: string;
  /** wink token type: word, number, punctuation, email, hashtag, emoji, emoticon, url, … */
  readonly type: string;
  /** Inside the scope of a negation ("not", "never", "n't"). */
  readonly negated: boolean;
  readonly stopWord: boolean;
}

export interface TokenisedMessage {
  readonly tokens: readonly MessageToken[];
  /** wink's lexicon sentiment of the whole text, −1 … 1. */
  readonly sentiment: number;
}

const nlp = winkNLP(model, ['sbd', 'negation', 'sentiment', 'pos']);
const its = nlp.its;

export function tokeniseMessage(text: string): TokenisedMessage {
  const doc = nlp.readDoc(text);
  const tokens = doc.tokens();
  // wink's typings do not cover every `its` helper's signature; each one used here yields one value per token.
  const column = <T>(f: unknown): T[] => tokens.out(f as ItsFunction<T>) as T[];
  const normals = column<string>(its.normal);
  const lemmas = column<string>(its.lemma);
  const types = column<string>(its.type);
  const negations = column<boolean>(its.negationFlag);
  const stops = column<boolean>(its.stopWordFlag);
  return {
    tokens: normals.map((normal, i) => ({
      normal,
      lemma: (lemmas[i] ?? normal).toLowerCase(),
      type: types[i],
      negated: negations[i],
      stopWord: stops[i],
    })),
    sentiment: doc.out(its.sentiment) as number,
  };
}
