// Interests: what the recipient likes, or the kind of product asked for, as lower-case English
// nouns. They are read from positions, not from a list of topics, so any noun can be an interest:
//  - the object of a liking ("loves dinosaurs", "is into k-pop", "a fan of trains", "crazy about
//    unicorns"), a list split at "," / "and" / "or"; "loves to draw" gives the activity "drawing";
//  - the object of a request ("looking for a puzzle", "do you have building blocks", "maybe books?")
//    and a message that opens with the product ("kite for my sister");
//  - a theme ("something with animals", "space-themed", "a huge lego fan");
//  - an adjective describing the recipient, as its noun ("she's artistic" = "art").
// Dropped: phrases about the purpose (gift, present, ideas), words naming any product ("toy",
// "stuff": "dinosaur stuff" = "dinosaur"), materials and properties (constraints), people, time
// and money, and words another finder has claimed (age, budget, constraints, occasions).
import { singular } from '../../domain/guide/interest-key.js';
import { ClaimedSpans } from './claimed-spans.js';
import {
  ADJECTIVE_INTERESTS,
  GIFT_WORDS,
  INTO_AFTER,
  LIKE_CUES,
  PERSON_NOUNS,
  PRODUCT_WORDS,
  PROPERTY_WORDS,
  QUALITY_ADJECTIVES,
  TIME_AND_MONEY_WORDS,
  WANT_CUES,
} from './slot-lexicons.js';
import type { ShopperText, ShopperToken } from './shopper-text.js';

const THEME_CUES: readonly string[][] = [
  ['something', 'with'],
  ['anything', 'with'],
  ['something', 'about'],
  ['anything', 'about'],
  ['something', 'related', 'to'],
  ['anything', 'related', 'to'],
  ['something', 'featuring'],
];
const SEPARATORS = new Set([',', 'and', 'or', '&', '/', 'plus']);
/** Adverbs that may stand inside a list of likes ("animals, especially dogs"). */
const LIST_ADVERBS = new Set([
  'especially',
  'particularly',
  'mostly',
  'mainly',
  'also',
  'really',
  'all',
  'both',
  'even',
  'very',
  'so',
]);
const NEGATIONS = new Set(['not', "n't", 'never', 'no']);
/** Light verbs whose object is the interest: "loves playing football" = football. */
const LIGHT_VERBS = new Set(['play', 'do', 'watch', 'go', 'playing', 'doing', 'watching', 'going']);
/** Greetings and courtesies a message may open with before what it asks for. */
const OPENING_SKIP = new Set([
  'hi',
  'hello',
  'hey',
  'there',
  'ok',
  'okay',
  'so',
  'um',
  'well',
  'yes',
  'no',
  'please',
  'thanks',
  'thank',
  'sorry',
  'cheers',
]);
const OPENING_END = new Set(['for', 'maybe', 'perhaps', '?']);

/** The -ing noun of an activity verb (its base form): draw → drawing, bake → baking, swim → swimming. */
export function gerund(verb: string): string {
  if (verb.endsWith('ie')) return `${verb.slice(0, -2)}ying`;
  if (/[^aeiouy]e$/.test(verb) && verb.length > 2) return `${verb.slice(0, -1)}ing`;
  if (/^[^aeiou]*[aeiou][^aeiouwxy]$/.test(verb)) return `${verb}${verb.slice(-1)}ing`;
  return `${verb}ing`;
}

const isGerund = (t: ShopperToken): boolean => t.pos === 'VERB' && t.word.endsWith('ing');
const isContent = (t: ShopperToken): boolean =>
  t.pos === 'NOUN' || t.pos === 'PROPN' || t.pos === 'ADJ' || isGerund(t);

function matchesAt(tokens: ShopperToken[], i: number, cue: readonly string[]): boolean {
  return cue.every((w, k) => tokens[i + k]?.word === w);
}

function cueAt(tokens: ShopperToken[], i: number, cues: readonly (readonly string[])[]): number {
  return cues.find((cue) => matchesAt(tokens, i, cue))?.length ?? 0;
}

class InterestReader {
  readonly found: string[] = [];
  readonly taken = new ClaimedSpans();

  constructor(
    private readonly tokens: ShopperToken[],
    private readonly claims: ClaimedSpans,
  ) {}

  private blocked(t: ShopperToken): boolean {
    return !this.claims.isFree(t.start, t.end);
  }

  private negatedBefore(i: number): boolean {
    return this.tokens.slice(Math.max(0, i - 3), i).some((t) => NEGATIONS.has(t.word));
  }

  /**
   * Reads the list of phrases starting at `from`; each phrase becomes at most one interest. After a
   * liking, "to" + verb is an activity ("loves to draw"); after a request it is the shopper's own
   * plan ("want to spend"), not an interest.
   */
  readObject(from: number, cue: 'like' | 'want'): void {
    const tokens = this.tokens;
    let k = from;
    if (tokens[k]?.word === 'to' && cue === 'want') return;
    // "loves to draw", "loves to sing and dance", "loves to play football"
    if (tokens[k]?.word === 'to' && tokens[k + 1]?.pos === 'VERB') {
      const verb = tokens[k + 1];
      if (LIGHT_VERBS.has(verb.word) && tokens[k + 2] && isContent(tokens[k + 2])) k += 2;
      else return this.readActivities(k + 1);
    }
    // "loves playing football"
    if (
      tokens[k] &&
      isGerund(tokens[k]) &&
      LIGHT_VERBS.has(tokens[k].word) &&
      tokens[k + 1] &&
      isContent(tokens[k + 1])
    )
      k += 1;
    let phrase: ShopperToken[] = [];
    for (; k < tokens.length; k++) {
      const t = tokens[k];
      const next = tokens[k + 1];
      if (this.blocked(t)) {
        if (t.pos === 'NUM' || t.pos === 'SYM') break;
        this.add(phrase, cue);
        phrase = [];
        continue;
      }
      if (SEPARATORS.has(t.word)) {
        this.add(phrase, cue);
        phrase = [];
        continue;
      }
      // A hyphen inside a word keeps it whole: "last-minute gift", "remote-control car".
      if (t.word === '-' && phrase.length > 0 && next && isContent(next) && next.start === t.end) {
        phrase.push(t);
        continue;
      }
      if (phrase.length === 0 && (t.pos === 'DET' || ['his', 'her', 'their', 'some', 'any'].includes(t.word)))
        continue;
      if (LIST_ADVERBS.has(t.word) && t.pos === 'ADV') continue;
      if (
        phrase.length === 0 &&
        ['something', 'anything'].includes(t.word) &&
        next &&
        ['with', 'about'].includes(next.word)
      ) {
        k += 1;
        continue;
      }
      // wink sometimes tags the noun ending a phrase as a verb ("especially dogs", "a marble run"):
      // a verb there, plural or after a noun, is read as that noun.
      const mistagged =
        t.pos === 'VERB' &&
        !isGerund(t) &&
        (t.word.endsWith('s') || phrase[phrase.length - 1]?.pos === 'NOUN') &&
        (!next || next.pos === 'PUNCT' || SEPARATORS.has(next.word) || next.word === 'for');
      if (isContent(t) || mistagged || (t.pos === 'X' && /^[a-z]/.test(t.word))) {
        phrase.push(mistagged ? { ...t, pos: 'NOUN' } : t);
        continue;
      }
      break;
    }
    this.add(phrase, cue);
  }

  /** Verbs listed after "loves to": each is an activity, named by its -ing noun. */
  private readActivities(from: number): void {
    for (let k = from; k < this.tokens.length; k++) {
      const t = this.tokens[k];
      // wink may tag the later verbs of the list as nouns ("to sing and dance").
      const listed =
        t.pos === 'VERB' || (t.pos === 'NOUN' && k > from && SEPARATORS.has(this.tokens[k - 1].word));
      if (listed && !this.blocked(t)) this.push(gerund(t.word), [t]);
      else if (!SEPARATORS.has(t.word) && t.word !== 'to') return;
    }
  }

  /** One phrase → an interest, after dropping what is not one (see the file comment). */
  add(phrase: ShopperToken[], cue: 'like' | 'want' = 'want'): void {
    if (phrase.length === 0) return;
    if (phrase.some((t) => GIFT_WORDS.has(t.word) || GIFT_WORDS.has(singular(t.word)))) return;
    const head = phrase[phrase.length - 1];
    if (PERSON_NOUNS.has(head.word) || TIME_AND_MONEY_WORDS.has(singular(head.word))) return;
    // "loves playing in the sand": the activity is what follows, which is not a product.
    if (phrase.length === 1 && LIGHT_VERBS.has(head.word)) return;
    // An adjective names an interest alone after a liking ("she likes pink") or inside a compound
    // ("magic tricks"), not once the product word it described is gone ("an educational toy").
    const loneAdjective = phrase.length === 1 && cue === 'like';
    const kept: ShopperToken[] = [];
    phrase.forEach((t) => {
      if (t.word === '-') return void kept.push(t);
      const mapped = ADJECTIVE_INTERESTS[t.word];
      if (mapped) return this.push(mapped, [t]);
      if (PRODUCT_WORDS.has(t.word) || PRODUCT_WORDS.has(singular(t.word))) return;
      if (PROPERTY_WORDS.has(t.word) || QUALITY_ADJECTIVES.has(t.word) || PERSON_NOUNS.has(t.word)) return;
      // Numbers and ordinals ("the 2nd one") are never an interest.
      if (/^\d/.test(t.word)) return;
      kept.push(t);
    });
    const dangling = (t: ShopperToken | undefined): boolean =>
      t !== undefined && (t.word === '-' || (t.pos === 'ADJ' && !loneAdjective));
    while (dangling(kept[kept.length - 1])) kept.pop();
    while (kept[0]?.word === '-') kept.shift();
    if (kept.length === 0) return;
    const words = kept.map((t) => t.word);
    const last = kept[kept.length - 1];
    if (last.pos !== 'PROPN') words[words.length - 1] = singular(last.word);
    this.push(words.join(' ').replace(/ - /g, '-'), kept);
  }

  private push(interest: string, tokens: ShopperToken[]): void {
    for (const t of tokens) this.taken.claim(t.start, t.end);
    if (!this.found.includes(interest)) this.found.push(interest);
  }

  read(): void {
    const tokens = this.tokens;
    this.readOpening();
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i];
      if (this.blocked(t)) continue;
      const want = cueAt(tokens, i, WANT_CUES);
      if (want && (t.word !== 'after' || ['am', 'are', "'re"].includes(tokens[i - 1]?.word ?? ''))) {
        this.readObject(i + want, 'want');
        i += want - 1;
        continue;
      }
      const theme = cueAt(tokens, i, THEME_CUES);
      if (theme && !this.negatedBefore(i)) {
        this.readObject(i + theme, 'like');
        i += theme - 1;
        continue;
      }
      const like =
        cueAt(tokens, i, LIKE_CUES) ||
        (t.word === 'into' && INTO_AFTER.has(tokens[i - 1]?.word ?? '') ? 1 : 0);
      if (like && !this.negatedBefore(i)) {
        this.readObject(i + like, 'like');
        i += like - 1;
        continue;
      }
      if (ADJECTIVE_INTERESTS[t.word] && !this.negatedBefore(i)) this.push(ADJECTIVE_INTERESTS[t.word], [t]);
      this.readFanOrTheme(i);
    }
  }

  /** "a huge lego fan", "space-themed", "dinosaur-themed". */
  private readFanOrTheme(i: number): void {
    const t = this.tokens[i];
    if (t.word.endsWith('-themed'))
      return this.add([{ ...t, word: t.word.slice(0, -'-themed'.length), pos: 'NOUN' }]);
    const isFan = t.word === 'fan' && this.tokens[i + 1]?.word !== 'of';
    const isTheme = t.word === 'themed';
    if (!isFan && !isTheme) return;
    let j = i - 1;
    if (isTheme && this.tokens[j]?.word === '-') j -= 1;
    const run: ShopperToken[] = [];
    while (
      j >= 0 &&
      (this.tokens[j].pos === 'NOUN' || this.tokens[j].pos === 'PROPN') &&
      !this.blocked(this.tokens[j])
    )
      run.unshift(this.tokens[j--]);
    this.add(run);
  }

  /** A message that opens with the product it asks for: "kite for my sister", "a puzzle maybe?". */
  private readOpening(): void {
    const tokens = this.tokens;
    let k = 0;
    while (
      k < tokens.length &&
      (OPENING_SKIP.has(tokens[k].word) || tokens[k].pos === 'PUNCT' || tokens[k].pos === 'DET')
    )
      k++;
    if (cueAt(tokens, k, WANT_CUES)) return;
    const phrase: ShopperToken[] = [];
    while (k < tokens.length && (isContent(tokens[k]) || this.blocked(tokens[k])) && tokens[k].pos !== 'NUM')
      phrase.push(tokens[k++]);
    const end = tokens[k];
    // What opens the message names a product only if a noun ends it and "for …", "maybe?" follow.
    const head = [...phrase].reverse().find((t) => !this.blocked(t));
    if (!end || !OPENING_END.has(end.word) || !head || (head.pos !== 'NOUN' && head.pos !== 'PROPN')) return;
    // Claimed words (an occasion, a constraint) split the opening into separate phrases.
    let part: ShopperToken[] = [];
    for (const t of phrase) {
      if (this.blocked(t)) {
        this.add(part);
        part = [];
      } else part.push(t);
    }
    this.add(part);
  }
}

/** A reply that declines to name an interest ("no idea", "not sure", "anything really"). */
const UNDECIDED = /\b(?:no idea|not sure|(?:do ?n[o']?t|dunno) know|dunno|anything|whatever|no preference)\b/;

/**
 * The interests the message states, and the character spans they were read from. `answering`: the
 * guide has just asked what the recipient likes, so a bare reply ("trains", "dinosaurs and space")
 * is read as the object of a liking.
 */
export function findInterests(
  text: ShopperText,
  claims: ClaimedSpans,
  answering = false,
): { interests: string[]; taken: ClaimedSpans } {
  const reader = new InterestReader(text.tokens, claims);
  reader.read();
  if (answering && reader.found.length === 0 && !UNDECIDED.test(text.text)) reader.readObject(0, 'like');
  return { interests: reader.found, taken: reader.taken };
}
