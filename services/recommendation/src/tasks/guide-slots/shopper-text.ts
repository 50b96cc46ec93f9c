// A shopper's message made uniform for the slot finders — lower case, one apostrophe and one dash,
// contractions typed without their apostrophe restored ("hes", "doesnt"), numbers as digits — and
// read with wink-nlp (English model inside the package, no network) into tokens that carry their
// part of speech and character offsets in the normalised text.
import winkNLP, { type ItemToken } from 'wink-nlp';
import model from 'wink-eng-lite-web-model';
import { numbersAsDigits } from './number-words.js';

export interface ShopperToken {
  /** Lower case, as written (after normalisation). */
  word: string;
  /** Universal part of speech: NOUN, PROPN, VERB, ADJ, ADP, DET, PRON, NUM, PUNCT, … */
  pos: string;
  start: number;
  end: number;
}

export interface ShopperText {
  /** The normalised message every offset refers to. */
  text: string;
  tokens: ShopperToken[];
}

/** Contractions shoppers type without the apostrophe; "its", "wont" and "well" stay (real words). */
const APOSTROPHE_LESS: Record<string, string> = {
  hes: "he's",
  shes: "she's",
  theyre: "they're",
  im: 'i am',
  ive: "i've",
  dont: "don't",
  doesnt: "doesn't",
  didnt: "didn't",
  isnt: "isn't",
  arent: "aren't",
  cant: "can't",
  wouldnt: "wouldn't",
  shouldnt: "shouldn't",
  whos: "who's",
  thats: "that's",
};

export function normaliseShopperText(raw: string): string {
  const text = raw
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[‘’`´]/g, "'")
    .replace(/[“”„]/g, '"')
    .replace(/[–—−]/g, '-')
    .replace(/\bi'm\b/g, 'i am')
    .replace(/(^|\s)w\/(?=\s)/g, '$1with')
    .replace(/\b(?:sth|smth)\b/g, 'something')
    .replace(/\b[a-z]+\b/g, (w) => APOSTROPHE_LESS[w] ?? w)
    .replace(/\s+/g, ' ')
    .trim();
  return numbersAsDigits(text);
}

const nlp = winkNLP(model);
const its = nlp.its;

export function readShopperText(raw: string): ShopperText {
  const text = normaliseShopperText(raw);
  const tokens: ShopperToken[] = [];
  if (!text) return { text, tokens };
  let cursor = 0;
  nlp
    .readDoc(text)
    .tokens()
    .each((token: ItemToken) => {
      const word = String(token.out());
      const found = text.indexOf(word, cursor);
      const start = found < 0 ? cursor : found;
      cursor = start + word.length;
      tokens.push({
        word,
        pos: String(token.out(its.pos)),
        start,
        end: cursor,
      });
    });
  return { text, tokens };
}

/** True for a character of a CJK script (Han, kana, hangul). */
export const hasCjk = (text: string): boolean =>
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u.test(text);
