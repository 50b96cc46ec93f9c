// Faithfulness guard: every number, measurement, material, colour, age, audience and product
// claim in a piece of copy must be backed by the product's own data. Used on LLM answers (to
// reject and repair) and on local output alike. Conservative by design: a fact it cannot find in
// the data counts as unsupported. Word families hold English and German forms, so German copy of
// an English product is checked against the same facts. Chinese copy is checked the same way: the
// Chinese forms (Han characters, no spaces between words) are found as substrings, the longest form
// of a family winning where forms overlap (粉红色 is pink, not also red); Chinese numerals before a
// unit count as numbers (三岁 is 3岁); negations such as 不含 / 无 / 不 directly before a form negate it.

import {
  DataFolder,
  type Language,
  type Lexicon,
  loadVocabulary,
  parseChineseNumber,
  sharedData,
  Vocabulary,
} from '@shopmind/vocabulary';
import type { CopyProduct } from './copy-product.js';
import type { CopyText } from './copy-text.js';

export interface FaithfulnessResult {
  passed: boolean;
  /** e.g. ['number "30 cm"', 'material "oak"', 'claim "waterproof"']. */
  unsupportedFacts: string[];
}

/**
 * Families of words that state the same fact, named by their canonical name: the shared materials,
 * colours and audiences of @shopmind/vocabulary with this service's additions, and this service's
 * claims. The words live in ../../data/ (<language>/<name>.json).
 */
const LANGUAGES: readonly Language[] = ['en', 'de'];
const data = DataFolder.beside(import.meta.url, '../../data');
const inLanguages = (file: string): Lexicon[] =>
  LANGUAGES.filter((l) => data.has(`${l}/${file}`)).map((l) => data.lexicon(`${l}/${file}`));

/** Han characters: such a form is looked up as a substring (Chinese writes no spaces between words). */
const HAN = /\p{Script=Han}/u;
/**
 * The Chinese forms of `file` (the shared list, then this service's additions), lower case. Only
 * forms with Han characters: a Latin form of the Chinese lists ("ABS", "PC") would otherwise become
 * an English word of the family and change what English copy is checked for.
 */
function chinese(file: string, shared: boolean): Lexicon {
  const lexicons = [
    ...(shared ? [sharedData().lexicon(`zh/${file}`)] : []),
    ...(data.has(`zh/${file}`) ? [data.lexicon(`zh/${file}`)] : []),
  ];
  const out: Record<string, string[]> = {};
  for (const lexicon of lexicons)
    for (const [canonical, forms] of Object.entries(lexicon))
      for (const form of forms)
        if (HAN.test(form)) (out[canonical] ??= []).push(form.normalize('NFKC').toLowerCase());
  return out;
}

const MATERIALS = loadVocabulary('materials', LANGUAGES, { extendedFrom: data }).extendedWith(
  chinese('materials.json', true),
);
const COLOURS = loadVocabulary('colours', LANGUAGES, { extendedFrom: data }).extendedWith(
  chinese('colours.json', true),
);
const AUDIENCES = loadVocabulary('audiences', LANGUAGES, { extendedFrom: data }).extendedWith(
  chinese('audiences.json', true),
);
/** Claims a shopper may rely on: safety, care, certification, origin, performance, superlatives. */
const CLAIMS = Vocabulary.fromLexicons(...inLanguages('claims.json'), chinese('claims.json', false));

/** The Chinese forms of each family: within a family the longest overlapping form wins. */
const HAN_FAMILIES: readonly (readonly string[])[] = [MATERIALS, COLOURS, AUDIENCES, CLAIMS].map((v) =>
  v.concepts().flatMap(({ forms }) => forms.filter((f) => HAN.test(f))),
);

/**
 * Spelled-out numbers an LLM writes instead of digits ("a fourteen-piece set"), English and German.
 * German "elf" (11) and "ein(s)" are left out: they are also an English noun and the article.
 */
const NUMBER_WORDS: ReadonlyMap<string, string> = new Map(
  LANGUAGES.flatMap((l) => [...data.wordMap(`${l}/number-words.json`)]),
);

/** Chinese units and what else writes the same unit (厘米 = cm = 公分), both ways. */
const ZH_UNITS: ReadonlyMap<string, readonly string[]> = new Map(
  Object.entries(data.lexicon('zh/units.json')).map(([unit, same]) => [unit, same]),
);
const SAME_UNIT = new Map<string, Set<string>>();
for (const [unit, same] of ZH_UNITS)
  for (const other of same) {
    if (!SAME_UNIT.has(unit)) SAME_UNIT.set(unit, new Set());
    if (!SAME_UNIT.has(other)) SAME_UNIT.set(other, new Set());
    SAME_UNIT.get(unit)!.add(other);
    SAME_UNIT.get(other)!.add(unit);
  }
/** Longest first, so 个月 is read before 个 and 厘米 before 米. */
const ZH_UNIT_SOURCE = [...ZH_UNITS.keys()]
  .sort((a, b) => b.length - a.length)
  .map(escape)
  .join('|');
const UNITS = [...data.words('en/units.json').map(escape), ZH_UNIT_SOURCE].join('|');
/** Units that count things or state an age: the number alone in the data supports them. */
const COUNT_UNIT = new RegExp(
  `^(${[...data.words('en/count-units.json'), ...data.words('zh/count-units.json')].map(escape).join('|')})$`,
  'i',
);
const ZH_COUNT_UNITS = new Set(data.words('zh/count-units.json'));
/** The Chinese units an age is written in: the age range supports a number in them. */
const AGE_UNITS = new Set(['岁', '周岁', '个月', '月', '年']);
/** A number in Chinese numerals before a unit: 三岁, 十八个月, 两百克 (read as digits). */
const ZH_NUMBER_WITH_UNIT = new RegExp(`([零〇一二两俩三四五六七八九十百千万亿]+)(${ZH_UNIT_SOURCE})`, 'gu');
const NUMBER_WITH_UNIT = new RegExp(String.raw`(?<![\w.])(\d+(?:[.,]\d+)?)(?:\s?(${UNITS})(?![a-z]))?`, 'gi');

const NEGATION = new RegExp(
  String.raw`(?<![\p{L}])(${LANGUAGES.flatMap((l) => data.words(`${l}/negations.json`))
    .map(escape)
    .join('|')})\s+(?:[\p{L}-]+\s+){0,1}$`,
  'u',
);

/** A Chinese negation directly before a form (不含双酚A is handled as its own form). */
const ZH_NEGATION = new RegExp(
  `(?:${[...data.words('zh/negations.json')]
    .sort((a, b) => b.length - a.length)
    .map(escape)
    .join('|')})(?:任何|添加)?$`,
  'u',
);

interface Source {
  text: IndexedText;
  numbers: Set<string>;
  /** The numbers the text writes (not the age range's). */
  written: Set<string>;
}

function normaliseText(s: string): string {
  const text = ` ${s.normalize('NFKC').toLowerCase().replace(/[’`]/g, "'").replace(/\s+/g, ' ')} `;
  return HAN.test(text) ? text.replace(ZH_NUMBER_WITH_UNIT, chineseNumeralAsDigits) : text;
}

/** 三岁 → 3岁; 一件 / 一个 stay as they are ("a", not a count of one), 一岁 / 一个月 do not. */
function chineseNumeralAsDigits(match: string, numeral: string, unit: string): string {
  const value = parseChineseNumber(numeral);
  if (value === undefined) return match;
  if (value === 1 && ZH_COUNT_UNITS.has(unit) && !AGE_UNITS.has(unit)) return match;
  return `${value}${unit}`;
}

function canonicalNumber(raw: string): string {
  const n = Number(raw.replace(',', '.'));
  return Number.isFinite(n) ? String(n) : raw;
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Whole words, letters of any language (so "spülmaschinenfest" and "weiß" are words too). */
function wordPattern(word: string): RegExp {
  return new RegExp(`(?<![\\p{L}\\p{N}_-])${escape(word)}(?![\\p{L}\\p{N}_])`, 'gu');
}

/** Letters and digits only: such a word is found by its run of word characters (see IndexedText). */
const PLAIN_WORD = /^[\p{L}\p{N}]+$/u;
/** Every run of word characters that starts where a whole word may start (not after one, nor after "-"). */
const WORD_RUN = /(?<![\p{L}\p{N}_-])[\p{L}\p{N}_]+/gu;

/** How each word of the families is looked up: plain, or by its pattern (compiled once). */
const FAMILY_WORDS = new Map<string, RegExp | 'plain'>();
for (const vocabulary of [MATERIALS, COLOURS, AUDIENCES, CLAIMS])
  for (const { forms } of vocabulary.concepts())
    for (const word of forms) FAMILY_WORDS.set(word, PLAIN_WORD.test(word) ? 'plain' : wordPattern(word));
for (const word of NUMBER_WORDS.keys())
  FAMILY_WORDS.set(word, PLAIN_WORD.test(word) ? 'plain' : wordPattern(word));

const NONE: readonly number[] = [];

/**
 * Normalised text and where each whole word of it starts. A plain word occurs exactly where a run of
 * word characters equal to it starts: `wordPattern`'s lookbehind is the run's start and its lookahead
 * the run's end. So one scan of the text answers every plain word; other words ("water-resistant",
 * "#1", "children's") are searched with their pattern, only when the text contains them at all.
 */
class IndexedText {
  private readonly runs = new Map<string, number[]>();

  constructor(readonly text: string) {
    for (const m of text.matchAll(WORD_RUN)) {
      const at = this.runs.get(m[0]);
      if (at) at.push(m.index);
      else this.runs.set(m[0], [m.index]);
    }
  }

  /** Where `word` occurs as a whole word, in text order: the matches of `wordPattern(word)`. */
  positions(word: string): readonly number[] {
    if (HAN.test(word)) return this.chinese().get(word) ?? NONE;
    const known = FAMILY_WORDS.get(word);
    if (known === 'plain' || (known === undefined && PLAIN_WORD.test(word)))
      return this.runs.get(word) ?? NONE;
    if (!this.text.includes(word)) return NONE;
    return Array.from(this.text.matchAll(known ?? wordPattern(word)), (m) => m.index);
  }

  has(word: string): boolean {
    return this.positions(word).length > 0;
  }

  private han?: Map<string, number[]>;

  /**
   * Where each Chinese form of the families occurs: every substring match, except one inside a
   * longer match of the same family (红色 inside 粉红色, 羊毛 inside 美利奴羊毛). Forms of different
   * families may overlap: 有机棉 says both the claim 有机 and the material.
   */
  private chinese(): Map<string, number[]> {
    if (this.han) return this.han;
    const found = new Map<string, number[]>();
    if (HAN.test(this.text))
      for (const family of HAN_FAMILIES) {
        const matches: { form: string; start: number; end: number }[] = [];
        for (const form of family)
          for (let at = this.text.indexOf(form); at >= 0; at = this.text.indexOf(form, at + 1))
            matches.push({ form, start: at, end: at + form.length });
        matches.sort((a, b) => b.end - b.start - (a.end - a.start));
        const kept: typeof matches = [];
        for (const m of matches) {
          if (kept.some((k) => k.start <= m.start && m.end <= k.end && k.end - k.start > m.end - m.start))
            continue;
          kept.push(m);
          const at = found.get(m.form);
          if (at) at.push(m.start);
          else found.set(m.form, [m.start]);
        }
      }
    for (const at of found.values()) at.sort((a, b) => a - b);
    this.han = found;
    return found;
  }
}

/** Occurrences of a family member in text, split by whether a negation precedes them. */
function occurrences(
  indexed: IndexedText,
  family: readonly string[],
): { positive: boolean; negative: boolean } {
  let positive = false;
  let negative = false;
  for (const word of family) {
    for (const index of indexed.positions(word)) {
      const before = indexed.text.slice(Math.max(0, index - 20), index);
      if (HAN.test(word) ? ZH_NEGATION.test(before) : NEGATION.test(before)) negative = true;
      else positive = true;
    }
  }
  return { positive, negative };
}

/**
 * A few recent entries, the oldest dropped first: the service checks the same copy of the same
 * product several times (the local writer, the task's output schema, the handler's own check), and
 * a check is a pure function of the product's data and the copy's text.
 */
class RecentResults<V> {
  private readonly entries = new Map<string, V>();
  constructor(private readonly size: number) {}

  get(key: string): V | undefined {
    const value = this.entries.get(key);
    if (value !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, value);
    }
    return value;
  }

  set(key: string, value: V): void {
    this.entries.set(key, value);
    if (this.entries.size > this.size) this.entries.delete(this.entries.keys().next().value!);
  }
}

const SOURCES = new RecentResults<Source>(32);
const RESULTS = new RecentResults<FaithfulnessResult>(64);
/** Longer data or copy is checked afresh every time rather than kept (a cache of bounded size). */
const CACHED_UP_TO = 32_768;

/** The product's data as the checker reads it (all its text, one string). */
function dataText(product: CopyProduct): string {
  return [
    product.title,
    product.brand,
    product.categoryPath.join(' '),
    product.description,
    ...Object.entries(product.attributes).map(([k, v]) => `${k} ${v}`),
  ].join(' . ');
}

function sourceOf(product: CopyProduct, data: string, key: string): Source {
  const cached = SOURCES.get(key);
  if (cached) return cached;
  const text = normaliseText(data);
  const indexed = new IndexedText(text);
  const numbers = new Set<string>();
  for (const m of text.matchAll(NUMBER_WITH_UNIT)) numbers.add(canonicalNumber(m[1]));
  for (const [word, digits] of NUMBER_WORDS) if (indexed.has(word)) numbers.add(digits);
  const written = new Set(numbers);
  for (const months of [product.ageMinMonths, product.ageMaxMonths]) {
    if (months === undefined) continue;
    numbers.add(String(months));
    numbers.add(String(Math.round((months / 12) * 100) / 100));
  }
  const source = { text: indexed, numbers, written };
  if (key.length <= CACHED_UP_TO) SOURCES.set(key, source);
  return source;
}

/** Does the data state this number with this unit (or the number alone when the copy gives none)? */
function numberSupported(source: Source, value: string, unit: string | undefined): boolean {
  if (!source.numbers.has(value)) return false;
  // A Chinese count that is not an age (6个, 3件) needs the number in the text: the age range says
  // nothing about how many pieces there are.
  if (unit && ZH_COUNT_UNITS.has(unit) && !AGE_UNITS.has(unit)) return source.written.has(value);
  if (!unit || COUNT_UNIT.test(unit)) return true;
  const numeric = escape(value).replace('\\.', '[.,]');
  const units = [unit.toLowerCase(), ...(SAME_UNIT.get(unit.toLowerCase()) ?? [])];
  return units.some((u) =>
    new RegExp(
      String.raw`(?<![\w.])${numeric}0*(?:\s?[-x×至到]\s?\d+(?:[.,]\d+)?)*\s?${escape(u)}(?![a-z])`,
    ).test(source.text.text),
  );
}

function copyTextOf(copy: CopyText): string {
  return normaliseText(
    [
      copy.title,
      copy.shortDescription,
      copy.longDescription,
      ...copy.bullets,
      copy.seoTitle,
      copy.metaDescription,
    ].join(' . '),
  );
}

export function checkFaithfulness(product: CopyProduct, copy: CopyText): FaithfulnessResult {
  const data = dataText(product);
  // Everything the check depends on: the ages (numbers the text may not write) and both texts.
  const key = `${product.ageMinMonths}|${product.ageMaxMonths}|${data}`;
  const text = copyTextOf(copy);
  const resultKey = `${key}\u0000${text}`;
  let result = RESULTS.get(resultKey);
  if (!result) {
    result = check(sourceOf(product, data, key), text);
    if (resultKey.length <= CACHED_UP_TO) RESULTS.set(resultKey, result);
  }
  return { passed: result.passed, unsupportedFacts: [...result.unsupportedFacts] };
}

function check(source: Source, text: string): FaithfulnessResult {
  const copy = new IndexedText(text);
  const unsupported = new Set<string>();

  for (const m of text.matchAll(NUMBER_WITH_UNIT)) {
    const value = canonicalNumber(m[1]);
    if (!numberSupported(source, value, m[2])) unsupported.add(`number "${m[0].trim()}"`);
  }
  for (const [word, digits] of NUMBER_WORDS) {
    if (copy.has(word) && !source.numbers.has(digits) && !source.text.has(word))
      unsupported.add(`number "${word}"`);
  }
  const families: [string, Vocabulary][] = [
    ['material', MATERIALS],
    ['colour', COLOURS],
    ['audience', AUDIENCES],
    ['claim', CLAIMS],
  ];
  for (const [kind, vocabulary] of families) {
    for (const { canonical, forms } of vocabulary.concepts()) {
      const said = occurrences(copy, forms);
      if (!said.positive && !said.negative) continue;
      const backed = occurrences(source.text, forms);
      // Materials and colours are plain nouns: "not plastic" in the data still names the material.
      const plainNoun = kind === 'material' || kind === 'colour';
      if (said.positive && !(backed.positive || (plainNoun && backed.negative)))
        unsupported.add(`${kind} "${canonical}"`);
      if (said.negative && !backed.negative && !plainNoun) unsupported.add(`${kind} "not ${canonical}"`);
    }
  }
  for (const m of text.matchAll(/\b(?:compatible with|works with|fits)\s+((?:[\w'-]+\s?){1,4})/g)) {
    const words = m[1]
      .split(/\s+/)
      .filter((w) => w.length > 2 && !['the', 'all', 'and', 'most', 'any'].includes(w));
    if (words.some((w) => !source.text.has(w))) unsupported.add(`compatibility "${m[1].trim()}"`);
  }
  // Chinese: 兼容 / 适配 before a name ("兼容任天堂Switch"), 适用(于) before a Latin one ("适用iPhone 15",
  // not 适用年龄). Chinese runs no words apart, so the name's Latin words (of three letters or more) and
  // its Chinese runs are looked for in the data as substrings.
  if (HAN.test(text))
    for (const m of text.matchAll(
      /(?:兼容|适配)\s*((?:[\p{Script=Han}a-z0-9.+'-]|\s(?=[a-z0-9]))+)|(?:适用于|适用)\s*([a-z][a-z0-9 .+'-]{1,30})/gu,
    )) {
      const name = (m[1] ?? m[2]).trim();
      const parts = [
        ...(name.match(/[a-z][a-z0-9+'-]{2,}/g) ?? []),
        ...(name.match(/\p{Script=Han}{2,}/gu) ?? []).map((run) => run.replace(/^[于与和各]/u, '')),
      ];
      if (parts.some((part) => part.length > 1 && !source.text.text.includes(part)))
        unsupported.add(`compatibility "${name}"`);
    }
  return { passed: unsupported.size === 0, unsupportedFacts: [...unsupported] };
}
