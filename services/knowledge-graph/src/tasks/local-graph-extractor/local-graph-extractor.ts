// The local extractor: product facts without any network, in the product's language. English:
// structured attributes are mapped first (most reliable); title, description and the remaining
// attributes are then read with wink-nlp — lexicon matches per sentence (with negation),
// part-of-speech phrases after cue words ("requires", "compatible with") and age patterns over its
// number/duration entities. Chinese: see chinese-product-reader.ts. Any other language: only the
// language-free fields (brand, category, age range), and the reading is marked degraded.

import { EntityResolver } from '../../domain/entity-resolver.js';
import type { ProductRelation } from '../../domain/ontology.js';
import type { ProductRecord } from '../../domain/product-record.js';
import { readSentences, type TextSentence, type TextToken } from './product-text.js';
import { monthsToYears, normaliseText } from '../../domain/text-normalisation.js';
import type { Triple } from '../../domain/triple.js';
import { UNSUPPORTED_LANGUAGE } from '@shopmind/vocabulary';
import { ChineseProductReader } from './chinese-product-reader.js';
import { FactList } from './fact-list.js';
import { productLanguage } from './product-language.js';
import {
  ATTRIBUTE_ONLY_MATERIALS,
  AUDIENCE_STOP_PHRASES,
  AUDIENCES,
  COLOUR_MODIFIERS,
  COLOURS,
  FEATURES,
  type Lexicon,
  MATERIALS,
  OCCASIONS,
} from '../../domain/vocabulary.js';

const CONFIDENCE = { attributes: 0.95, lexicon: 0.8, phrase: 0.65 } as const;

const MATERIAL_KEYS = new Set([
  'material',
  'materials',
  'fabric',
  'filling',
  'composition',
  'outer material',
  'upper material',
  'shell',
  'lining',
  'main material',
  'frame material',
]);
const COLOUR_KEYS = new Set(['color', 'colour', 'colors', 'colours', 'color name', 'colour name']);
const AUDIENCE_KEYS = new Set(['gender', 'audience', 'target group', 'department', 'for']);
const AGE_KEYS = new Set([
  'age',
  'ages',
  'age range',
  'recommended age',
  'min age',
  'minimum age',
  'age group',
]);
const BRAND_KEYS = new Set(['brand', 'manufacturer', 'make']);
/** Attributes that are measurements or identifiers: never read for facts. */
const SKIPPED_KEYS = new Set([
  'pieces',
  'sku',
  'ean',
  'gtin',
  'weight',
  'dimensions',
  'size',
  'capacity',
  'power',
  'scale',
  'storage',
  'dpi',
  'intensity',
  'socket',
  'pressure',
  'switches',
  'battery life',
]);

const NEGATIONS = new Set(['not', 'no', 'never', 'without', "n't", 'non']);
const MATERIAL_NOT_FOLLOWED_BY =
  /^[\s-]*(coating|coated|finish|look|effect|print|pattern|free|style|colour|color|tone)\b/;

const COMPAT_CUES =
  /\b(compatible with|works with|work with|designed for|works seamlessly with|pairs with|suitable for use with)\b/g;
const REQUIRE_CUES = /\b(requires|require|needs|powered by|runs on|operates on)\b/g;
/** "Uses ..." names a requirement only for consumables ("uses Instax Mini film"), not "uses less water". */
const USES_CUE = /\buses\b/g;
const CONSUMABLE =
  /\b(film|films|cartridge|cartridges|capsule|capsules|pod|pods|refill|refills|filter|filters|cell|cells|ink|toner|bag|bags)$/;
const PHRASE_POS = new Set(['NOUN', 'PROPN', 'ADJ', 'NUM', 'X']);
const PHRASE_LEADING_SKIP = new Set([
  'a',
  'an',
  'the',
  'all',
  'most',
  'any',
  'other',
  'your',
  'their',
  'its',
  'standard',
  'both',
  'many',
  'selected',
  'compatible',
]);
const GENERIC_TAIL = new Set([
  'machine',
  'machines',
  'device',
  'devices',
  'model',
  'models',
  'set',
  'sets',
  'version',
  'versions',
  'product',
  'products',
  'range',
]);
const UNIT_TOKENS = new Set(['ghz', 'mhz', 'v', 'w', 'mah', 'volt', 'volts', 'x']);

const BATTERY =
  /(?<![\w-])(?:(\d+)\s*x?\s*)?(aa|aaa|c|d|9v|9-volt|cr2032|lr44|button cell|lithium)\s+(?:batter(?:y|ies)|cells?)\b/g;

interface LexiconMatcher {
  canonical: string;
  /** The normalised form: a match is this text with word boundaries around it. */
  form: string;
  pattern: RegExp;
  length: number;
}

function matchers(lexicon: Lexicon, exclude: ReadonlySet<string> = new Set()): LexiconMatcher[] {
  const list: LexiconMatcher[] = [];
  for (const [canonical, forms] of Object.entries(lexicon)) {
    if (exclude.has(canonical)) continue;
    for (const form of new Set([canonical, ...forms])) {
      const f = normaliseText(form);
      const escaped = f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s+');
      list.push({
        canonical,
        form: f,
        pattern: new RegExp(`(?<![\\w-])${escaped}(?![\\w-]|'s)`, 'g'),
        length: f.length,
      });
    }
  }
  return list.sort((a, b) => b.length - a.length);
}

/**
 * A relation's matchers (longest form first) and, by the first two characters of its form, the
 * positions of those that could match: a match starts where no word character or hyphen precedes
 * it, and normalised text has single spaces only, so it begins with the form's first two characters.
 */
interface LexiconIndex {
  matchers: LexiconMatcher[];
  byHead: Map<string, number[]>;
}

function lexiconIndex(list: LexiconMatcher[]): LexiconIndex {
  const byHead = new Map<string, number[]>();
  list.forEach((m, i) => {
    const head = m.form.slice(0, 2);
    const at = byHead.get(head);
    if (at) at.push(i);
    else byHead.set(head, [i]);
  });
  return { matchers: list, byHead };
}

const TEXT_MATCHERS = {
  MADE_OF: lexiconIndex(matchers(MATERIALS, ATTRIBUTE_ONLY_MATERIALS)),
  HAS_FEATURE: lexiconIndex(matchers(FEATURES)),
  FOR_AUDIENCE: lexiconIndex(matchers(AUDIENCES)),
  FOR_OCCASION: lexiconIndex(matchers(OCCASIONS)),
} as const;

/** `[\w-]` of a regular expression without the u flag, by UTF-16 code unit. */
function isWordOrHyphen(code: number): boolean {
  return (
    (code >= 97 && code <= 122) ||
    (code >= 48 && code <= 57) ||
    (code >= 65 && code <= 90) ||
    code === 95 ||
    code === 45
  );
}

/** The one- and two-character beginnings of `text` at every place a lexicon match may start. */
function matchHeads(text: string): Set<string> {
  const heads = new Set<string>();
  for (let i = 0; i < text.length; i++) {
    if (i > 0 && isWordOrHyphen(text.charCodeAt(i - 1))) continue;
    heads.add(text.slice(i, i + 1)).add(text.slice(i, i + 2));
  }
  return heads;
}

/** The matchers of `index` that may match, in the index's order (longest form first). */
function candidates(index: LexiconIndex, heads: Set<string>): LexiconMatcher[] {
  const at: number[] = [];
  for (const head of heads) {
    const found = index.byHead.get(head);
    if (found) at.push(...found);
  }
  return at.sort((a, b) => a - b).map((i) => index.matchers[i]);
}

const COLOUR_PHRASE = new RegExp(
  `^(?:(?:${COLOUR_MODIFIERS.join('|')})\\s+)?(?:${[...COLOURS].sort((a, b) => b.length - a.length).join('|')})$`,
);

/** One local reading of a product: its facts, the language read, and why it is a lesser one. */
export interface LocalReading {
  triples: Triple[];
  language: string;
  /** UNSUPPORTED_LANGUAGE when no local reader covers the product's language. */
  degradedReason?: string;
}

export class LocalGraphExtractor {
  private readonly chinese: ChineseProductReader;

  constructor(private readonly resolver = new EntityResolver()) {
    this.chinese = new ChineseProductReader(resolver);
  }

  extract(product: ProductRecord, sourceEventId: string): Triple[] {
    return this.read(product, sourceEventId).triples;
  }

  read(product: ProductRecord, sourceEventId: string): LocalReading {
    const language = productLanguage(product);
    if (language === 'en') return { triples: this.readEnglish(product, sourceEventId), language };
    const facts = new FactList(product.id, sourceEventId);
    if (language === 'zh') {
      this.chinese.read(product, facts);
      return { triples: facts.result(), language };
    }
    // Never read as English: only what needs no reading of the text.
    if (product.brand.trim())
      facts.add('BRAND', this.resolver.resolve('Brand', product.brand), 'attributes', CONFIDENCE.attributes);
    const category = [...product.categoryPath].reverse().find((c) => c.trim());
    if (category) facts.add('IN_CATEGORY', normaliseText(category), 'attributes', CONFIDENCE.attributes);
    if (product.ageMinMonths !== undefined)
      facts.add('AGE_MIN', monthsToYears(product.ageMinMonths), 'attributes', CONFIDENCE.attributes);
    if (product.ageMaxMonths !== undefined)
      facts.add('AGE_MAX', monthsToYears(product.ageMaxMonths), 'attributes', CONFIDENCE.attributes);
    return { triples: facts.result(), language, degradedReason: UNSUPPORTED_LANGUAGE };
  }

  private readEnglish(product: ProductRecord, sourceEventId: string): Triple[] {
    const facts = new FactList(product.id, sourceEventId);
    const freeText: string[] = [];

    const brand = product.brand || findAttribute(product.attributes, BRAND_KEYS);
    if (brand) facts.add('BRAND', this.resolver.resolve('Brand', brand), 'attributes', CONFIDENCE.attributes);
    const category = [...product.categoryPath].reverse().find((c) => c.trim());
    if (category)
      facts.add(
        'IN_CATEGORY',
        this.resolver.resolve('Category', category),
        'attributes',
        CONFIDENCE.attributes,
      );
    if (product.ageMinMonths !== undefined)
      facts.add('AGE_MIN', monthsToYears(product.ageMinMonths), 'attributes', CONFIDENCE.attributes);
    if (product.ageMaxMonths !== undefined)
      facts.add('AGE_MAX', monthsToYears(product.ageMaxMonths), 'attributes', CONFIDENCE.attributes);

    for (const [rawKey, rawValue] of Object.entries(product.attributes)) {
      const key = normaliseText(rawKey);
      const value = rawValue.trim();
      if (!value || BRAND_KEYS.has(key)) continue;
      if (MATERIAL_KEYS.has(key)) {
        for (const part of splitList(value))
          facts.add('MADE_OF', this.resolver.resolve('Material', part), 'attributes', CONFIDENCE.attributes);
      } else if (COLOUR_KEYS.has(key)) {
        for (const part of splitList(value))
          facts.add('HAS_COLOR', this.resolver.resolve('Color', part), 'attributes', CONFIDENCE.attributes);
      } else if (AUDIENCE_KEYS.has(key)) {
        for (const part of splitList(value))
          facts.add(
            'FOR_AUDIENCE',
            this.resolver.resolve('Audience', part),
            'attributes',
            CONFIDENCE.attributes,
          );
      } else if (AGE_KEYS.has(key)) {
        freeText.push(`ages ${value}`);
      } else if (!SKIPPED_KEYS.has(key)) {
        // "waterproof: IP67", "connectivity: Bluetooth 5.2": the key or the value may name a feature.
        freeText.push(`${rawKey} ${value}`);
      }
    }

    const titleColours = coloursInTitle(product.title);
    for (const c of titleColours)
      facts.add('HAS_COLOR', this.resolver.resolve('Color', c), 'local-nlp', CONFIDENCE.lexicon);

    const sentences = [product.title, product.description, ...freeText].flatMap((t) => readSentences(t));
    const knowsAgeMin = product.ageMinMonths !== undefined;
    const knowsAgeMax = product.ageMaxMonths !== undefined;
    for (const sentence of sentences) {
      // Normalised once: the lexicons, the requirements and the ages read the same text.
      const normal = normaliseText(sentence.text);
      this.lexiconFacts(normal, facts);
      for (const object of phrasesAfter(sentence, COMPAT_CUES)) {
        facts.add(
          'COMPATIBLE_WITH',
          this.resolver.resolve('Product', object),
          'local-nlp',
          CONFIDENCE.phrase,
        );
      }
      for (const object of compatibleSuffixes(sentence)) {
        facts.add(
          'COMPATIBLE_WITH',
          this.resolver.resolve('Product', object),
          'local-nlp',
          CONFIDENCE.phrase,
        );
      }
      for (const object of requirements(sentence, normal)) {
        facts.add('REQUIRES', this.resolver.resolve('Feature', object), 'local-nlp', CONFIDENCE.phrase);
      }
      const ages = agesIn(sentence, normal);
      if (ages.min !== undefined && !knowsAgeMin)
        facts.add('AGE_MIN', ages.min, 'local-nlp', CONFIDENCE.lexicon);
      if (ages.max !== undefined && !knowsAgeMax)
        facts.add('AGE_MAX', ages.max, 'local-nlp', CONFIDENCE.lexicon);
    }
    return facts.result();
  }

  /** Lexicon facts of one sentence, given as normalised text. */
  private lexiconFacts(text: string, facts: FactList): void {
    const heads = matchHeads(text);
    for (const [relation, index] of Object.entries(TEXT_MATCHERS) as [ProductRelation, LexiconIndex][]) {
      const taken: [number, number][] = [];
      // Only the forms that begin where a match may start, and that the text contains, are scanned.
      for (const m of candidates(index, heads)) {
        if (!text.includes(m.form)) continue;
        for (const hit of text.matchAll(m.pattern)) {
          const start = hit.index;
          const end = start + hit[0].length;
          if (taken.some(([s, e]) => start < e && end > s)) continue;
          taken.push([start, end]);
          if (isNegated(text, start)) continue;
          if (relation === 'MADE_OF' && MATERIAL_NOT_FOLLOWED_BY.test(text.slice(end))) continue;
          if (
            relation === 'FOR_AUDIENCE' &&
            AUDIENCE_STOP_PHRASES.some((p) => text.slice(Math.max(0, start - 12), end + 12).includes(p))
          )
            continue;
          const type =
            relation === 'MADE_OF'
              ? 'Material'
              : relation === 'HAS_FEATURE'
                ? 'Feature'
                : relation === 'FOR_AUDIENCE'
                  ? 'Audience'
                  : 'Occasion';
          facts.add(relation, this.resolver.resolve(type, m.canonical), 'local-nlp', CONFIDENCE.lexicon);
        }
      }
    }
  }
}

function findAttribute(attributes: Record<string, string>, keys: ReadonlySet<string>): string | undefined {
  for (const [k, v] of Object.entries(attributes)) if (keys.has(normaliseText(k)) && v.trim()) return v;
  return undefined;
}

function splitList(value: string): string[] {
  return value
    .split(/\s*(?:,|\/|;|\||&|\+|\band\b)\s*/i)
    .map((p) => p.replace(/\b\d+(\.\d+)?\s?%/g, '').trim())
    .filter(Boolean);
}

function isNegated(text: string, start: number): boolean {
  const before = text
    .slice(Math.max(0, start - 24), start)
    .split(/[\s-]+/)
    .filter(Boolean)
    .slice(-3);
  // "Free from PVC" / "free of BPA" deny the material as "without" does ("PVC-free" is caught after it).
  return before.some((w) => NEGATIONS.has(w)) || /\bfree (from|of)$/.test(before.slice(-2).join(' '));
}

/** "Running Shoes, White/Red" and "Kettle 1.7 L, Cream": colours named after the title's last comma. */
function coloursInTitle(title: string): string[] {
  const cut = title.lastIndexOf(',');
  if (cut < 0) return [];
  const parts = splitList(normaliseText(title.slice(cut + 1)));
  return parts.length > 0 && parts.every((p) => COLOUR_PHRASE.test(p)) ? parts : [];
}

/** Noun phrases after a cue in one sentence, split at commas and "and"/"or". */
function phrasesAfter(sentence: TextSentence, cues: RegExp): string[] {
  const found: string[] = [];
  const lower = sentence.text.toLowerCase();
  for (const cue of lower.matchAll(cues)) {
    const cueEnd = cue.index + cue[0].length;
    if (isNegated(lower, cue.index)) continue;
    const tokens = sentence.tokens.filter((t) => t.start >= cueEnd);
    found.push(...nounPhrases(tokens));
  }
  return found;
}

function nounPhrases(tokens: TextToken[]): string[] {
  const phrases: string[] = [];
  let current: TextToken[] = [];
  const flush = (): void => {
    const words = current.map((t) => t.normal);
    while (
      words.length &&
      (PHRASE_LEADING_SKIP.has(words[0]) || /^\d+(\.\d+)?$/.test(words[0]) || UNIT_TOKENS.has(words[0]))
    )
      words.shift();
    while (words.length > 1 && GENERIC_TAIL.has(words[words.length - 1])) words.pop();
    if (words.length) phrases.push(words.join(' ').replace(/\s+-\s+/g, '-'));
    current = [];
  };
  for (const t of tokens) {
    if (t.value === ',' || t.normal === 'and' || t.normal === 'or' || t.value === '&') {
      flush();
      continue;
    }
    const joinsWord = t.value === '-' && current.length > 0;
    if (
      PHRASE_POS.has(t.pos) ||
      joinsWord ||
      (t.pos === 'DET' && current.length === 0) ||
      PHRASE_LEADING_SKIP.has(t.normal)
    ) {
      current.push(t);
      continue;
    }
    break;
  }
  flush();
  return phrases;
}

/** "MagSafe compatible", "Nespresso Compatible": proper nouns right before "compatible". */
function compatibleSuffixes(sentence: TextSentence): string[] {
  const out: string[] = [];
  sentence.tokens.forEach((t, i) => {
    if (t.normal !== 'compatible') return;
    const next = sentence.tokens[i + 1];
    if (next && next.normal === 'with') return;
    const words: string[] = [];
    for (
      let j = i - 1;
      j >= 0 && sentence.tokens[j].pos === 'PROPN' && /^[a-z][a-z0-9-]*$/.test(sentence.tokens[j].normal);
      j--
    )
      words.unshift(sentence.tokens[j].normal);
    if (words.length && words.join(' ') !== 'induction') out.push(words.join(' '));
  });
  return out;
}

/** What one sentence says the product requires (`lower`: the sentence normalised). */
function requirements(sentence: TextSentence, lower: string): string[] {
  const out: string[] = [];
  for (const m of lower.matchAll(BATTERY)) {
    if (/rechargeable\s*$/.test(lower.slice(0, m.index))) continue;
    out.push(`${m[2].replace('9-volt', '9v')} battery`);
  }
  if (
    out.length === 0 &&
    /(?<!rechargeable )\bbatter(y|ies)\b.*\b(required|not included|needed)\b/.test(lower)
  )
    out.push('battery');
  const consumables = phrasesAfter(sentence, USES_CUE).filter((p) => CONSUMABLE.test(p));
  for (const phrase of [...phrasesAfter(sentence, REQUIRE_CUES), ...consumables]) {
    if (/\bbatter(y|ies)\b/.test(phrase)) continue;
    if (/^(adult supervision|assembly)$/.test(phrase)) continue;
    out.push(phrase);
  }
  return out;
}

interface AgeFacts {
  min?: number;
  max?: number;
}

const AGE_NUMBER = String.raw`(\d+(?:\.\d+)?)`;
const AGE_UNIT = String.raw`(years?|yrs?|y|months?|mos?|m)?`;
const AGE_PATTERNS: { re: RegExp; kind: 'range' | 'min' }[] = [
  {
    re: new RegExp(String.raw`\b${AGE_NUMBER}\s*${AGE_UNIT}\s*(?:-|–|to)\s*${AGE_NUMBER}\s*${AGE_UNIT}`, 'g'),
    kind: 'range',
  },
  {
    re: new RegExp(
      String.raw`\b${AGE_NUMBER}\s*${AGE_UNIT}\s*(?:\+|and up|and over|and older|or older|plus)`,
      'g',
    ),
    kind: 'min',
  },
  { re: new RegExp(String.raw`\b(?:from|over)\s+${AGE_NUMBER}\s*(years?|months?)`, 'g'), kind: 'min' },
  {
    re: new RegExp(
      String.raw`\bnot suitable for (?:children|kids) (?:under|below|younger than)\s+${AGE_NUMBER}\s*${AGE_UNIT}`,
      'g',
    ),
    kind: 'min',
  },
];

/**
 * Ages in one sentence (`text`: the sentence normalised): only sentences where wink found a number or duration and that talk about
 * age ("ages", "aged", "kids", "months", "years") are read, so "10 km/h" or "4-pack" are not ages.
 */
function agesIn(sentence: TextSentence, text: string): AgeFacts {
  if (!sentence.entities.some((e) => e.type === 'CARDINAL' || e.type === 'DURATION' || e.type === 'DATE')) {
    if (!/\bfrom birth\b/i.test(sentence.text)) return {};
  }
  const facts: AgeFacts = {};
  if (/\bfrom birth\b|\bnewborns?\b.*\bup\b/.test(text)) facts.min = 0;
  const context =
    /\b(age|ages|aged|kids|children|child|babies|baby|toddlers?|boys|girls|teens|years|yrs|months|old)\b/;
  if (!context.test(text)) return facts;
  for (const { re, kind } of AGE_PATTERNS) {
    for (const m of text.matchAll(re)) {
      const before = text.slice(Math.max(0, m.index - 30), m.index);
      const after = text.slice(m.index + m[0].length, m.index + m[0].length + 12);
      if (kind === 'range') {
        const [, a, unitA, b, unitB] = m;
        const unit = unitB ?? unitA;
        const talksAge =
          unit !== undefined || /\b(ages?|aged|kids|children|babies|boys|girls|toddlers)\s*$/.test(before);
        if (!talksAge || /^\s*(cm|mm|m|kg|g|l|ml|pack|piece|pc|w|v)\b/.test(after)) continue;
        if (unit === 'm' && !/\b(ages?|aged)\s*$/.test(before)) continue;
        facts.min ??= toYears(Number(a), unitA ?? unitB);
        facts.max ??= toYears(Number(b), unit);
      } else {
        const [, a, unit] = m;
        if (m[0].includes('+') && unit === undefined && !/\b(ages?|aged|for)\s*$/.test(before)) continue;
        if (
          /\bfrom\b/.test(m[0]) &&
          !/\b(babies|baby|kids|children|toddlers|suitable|ages?)\b/.test(before + after) &&
          !/months?/.test(unit ?? '')
        )
          continue;
        facts.min ??= toYears(Number(a), unit);
      }
    }
  }
  return facts;
}

function toYears(n: number, unit: string | undefined): number {
  return unit && /^(months?|mos?|m)$/.test(unit) ? monthsToYears(n) : n;
}
