// Faithfulness guard: every number, measurement, material, colour, age, audience and product
// claim in a piece of copy must be backed by the product's own data. Used on LLM answers (to
// reject and repair) and on local output alike. Conservative by design: a fact it cannot find in
// the data counts as unsupported. Word families hold English and German forms, so German copy of
// an English product is checked against the same facts.

import type { CopyProduct } from './copy-product.js';
import type { CopyText } from './copy-text.js';

export interface FaithfulnessResult {
  passed: boolean;
  /** e.g. ['number "30 cm"', 'material "oak"', 'claim "waterproof"']. */
  unsupportedFacts: string[];
}

/** Families of words that state the same fact; the first entry names it. */
const MATERIALS: string[][] = [
  [
    'wood',
    'wooden',
    'timber',
    'holz',
    'hölzern',
    'hölzerne',
    'hölzernen',
    'hölzerner',
    'hölzernes',
    'holzspielzeug',
  ],
  ['beech', 'buche', 'buchenholz'],
  ['oak', 'eiche', 'eichenholz'],
  ['pine', 'kiefer', 'kiefernholz'],
  ['birch', 'birke'],
  ['walnut', 'nussbaum'],
  ['maple'],
  ['bamboo', 'bambus'],
  ['plastic', 'kunststoff', 'plastik'],
  ['cotton', 'baumwolle'],
  ['wool', 'woollen', 'woolen', 'wolle'],
  ['merino'],
  ['cashmere'],
  ['linen', 'leinen'],
  ['silk', 'seide'],
  ['polyester'],
  ['nylon', 'polyamide'],
  ['elastane', 'spandex', 'lycra'],
  ['acrylic'],
  ['leather', 'leder'],
  ['suede'],
  ['denim'],
  ['fleece'],
  ['rubber', 'gummi', 'kautschuk'],
  ['silicone', 'silikon'],
  ['stainless steel', 'edelstahl'],
  ['steel', 'stahl'],
  ['cast iron', 'gusseisen'],
  ['aluminium', 'aluminum', 'alu'],
  ['copper', 'kupfer'],
  ['brass', 'messing'],
  ['titanium'],
  ['metal', 'metallic', 'metall'],
  ['glass', 'glas'],
  ['ceramic', 'keramik'],
  ['porcelain', 'porzellan'],
  ['stoneware', 'steingut'],
  ['enamel', 'enamelled', 'emaille'],
  ['cardboard', 'pappe', 'karton'],
  ['paper', 'papier'],
  ['polycarbonate'],
  ['wax'],
  ['marble', 'marmor'],
  ['stone', 'stein'],
  ['carbon fibre', 'carbon fiber'],
  ['gold'],
  ['silver', 'silber'],
  ['foam'],
  ['mesh'],
  ['plush'],
  ['velvet', 'samt'],
  ['jute'],
  ['hemp'],
  ['cork', 'kork'],
  ['resin', 'harz'],
];

const COLOURS: string[][] = [
  ['red', 'rot', 'rote', 'roten', 'roter', 'rotes', 'rotem'],
  ['blue', 'blau', 'blaue', 'blauen', 'blauer', 'blaues', 'blauem'],
  ['green', 'grün', 'grüne', 'grünen', 'grüner', 'grünes', 'grünem'],
  ['yellow', 'gelb', 'gelbe', 'gelben', 'gelber', 'gelbes', 'gelbem'],
  ['orange'],
  ['purple', 'lila', 'lilae', 'lilaen', 'lilaer', 'lilaes', 'lilaem'],
  ['pink', 'rosa'],
  ['black', 'schwarz', 'schwarze', 'schwarzen', 'schwarzer', 'schwarzes', 'schwarzem'],
  ['white', 'weiß', 'weiße', 'weißen', 'weißer', 'weißes', 'weißem'],
  ['grey', 'grau', 'gray'],
  ['brown', 'braun', 'braune', 'braunen', 'brauner', 'braunes', 'braunem'],
  ['beige'],
  ['cream', 'creme'],
  ['navy', 'marineblau', 'marineblaue', 'marineblauen', 'marineblauer', 'marineblaues', 'marineblauem'],
  ['olive'],
  ['camel'],
  ['teal'],
  ['turquoise', 'türkis', 'türkise', 'türkisen', 'türkiser', 'türkises', 'türkisem'],
  ['multicolour', 'bunt', 'multicolor'],
  ['rainbow'],
  ['khaki'],
  ['burgundy'],
  ['ivory'],
  ['lilac'],
  ['mint'],
  ['charcoal'],
  ['coral'],
  ['bronze'],
  ['lavender'],
  ['violet'],
  ['magenta'],
  ['maroon'],
  ['indigo'],
];

const AUDIENCES: string[][] = [
  ['baby', 'babies', 'infant', 'infants', 'newborn', 'newborns', 'säugling', 'säuglinge', 'babys'],
  ['toddler', 'toddlers', 'kleinkind', 'kleinkinder'],
  ['kids', 'kid', 'children', 'child', "children's", 'kinder'],
  ['teens', 'teen', 'teenagers', 'teenager', 'jugendliche', 'teenager'],
  ['adults', 'adult', 'grown-ups', 'erwachsene'],
  ['men', "men's", 'man', 'herren', 'männer'],
  ['women', "women's", 'woman', 'ladies', 'damen', 'frauen'],
  ['boys', 'boy', 'jungen'],
  ['girls', 'girl', 'mädchen'],
  ['dogs', 'dog', 'puppy', 'puppies', 'hund', 'hunde'],
  ['cats', 'cat', 'kitten', 'kittens', 'katze', 'katzen'],
  ['seniors', 'senior', 'elderly'],
  ['students', 'student'],
  ['professionals', 'professional'],
];

/** Claims a shopper may rely on: safety, care, certification, origin, performance, superlatives. */
const CLAIMS: string[][] = [
  ['waterproof', 'wasserdicht', 'wasserdichte', 'wasserdichten', 'wasserdichter', 'wasserdichtes'],
  ['water resistant', 'water-resistant', 'wasserabweisend', 'wassergeschützt'],
  ['water repellent'],
  [
    'dishwasher safe',
    'dishwasher-safe',
    'spülmaschinenfest',
    'spülmaschinenfeste',
    'spülmaschinenfesten',
    'spülmaschinenfester',
    'spülmaschinenfestes',
    'spülmaschinengeeignet',
  ],
  ['microwave safe', 'microwave-safe', 'mikrowellengeeignet', 'mikrowellenfest'],
  ['oven safe', 'oven-safe', 'ovenproof', 'backofenfest', 'ofenfest'],
  ['freezer safe', 'freezer-safe', 'gefriergeeignet'],
  ['induction'],
  ['non-stick', 'nonstick', 'antihaft', 'antihaftbeschichtet', 'antihaftbeschichtung'],
  ['bpa free', 'bpa-free', 'bpa-frei'],
  [
    'non-toxic',
    'nontoxic',
    'toxin-free',
    'ungiftig',
    'ungiftige',
    'ungiftigen',
    'ungiftiger',
    'ungiftiges',
    'schadstofffrei',
  ],
  ['organic', 'bio'],
  [
    'eco-friendly',
    'environmentally friendly',
    'umweltfreundlich',
    'umweltfreundliche',
    'umweltfreundlichen',
    'umweltfreundlicher',
    'umweltfreundliches',
  ],
  ['sustainable', 'sustainably', 'nachhaltig', 'nachhaltige', 'nachhaltigen', 'nachhaltiger', 'nachhaltiges'],
  ['recycled', 'recycelt', 'recycelte', 'recycelten', 'recycelter', 'recyceltes'],
  ['recyclable', 'recycelbar'],
  ['biodegradable', 'compostable', 'biologisch abbaubar', 'kompostierbar'],
  [
    'handmade',
    'hand-made',
    'handcrafted',
    'hand-crafted',
    'handgemacht',
    'handgemachte',
    'handgemachten',
    'handgemachter',
    'handgemachtes',
    'handgefertigt',
  ],
  ['hand-painted', 'hand painted', 'handbemalt'],
  [
    'award-winning',
    'award winning',
    'award',
    'preisgekrönt',
    'preisgekrönte',
    'preisgekrönten',
    'preisgekrönter',
    'preisgekröntes',
    'ausgezeichnet',
  ],
  ['best-selling', 'bestseller', 'best seller', 'bestseller'],
  ['best', 'beste', 'bester', 'bestes'],
  ['#1', 'number one', 'no. 1'],
  ['top-rated', 'top rated'],
  ['certified', 'certification', 'zertifiziert'],
  ['fsc'],
  ['ce marked', 'ce-marked'],
  ['hypoallergenic', 'hypoallergen'],
  ['vegan'],
  ['guarantee', 'guaranteed', 'garantie', 'garantiert'],
  ['warranty', 'gewährleistung'],
  ['lifetime'],
  ['patented', 'patent'],
  ['clinically', 'clinical'],
  ['dermatologically'],
  ['safe', 'safety', 'sicher', 'sicherheit'],
  ['non-slip', 'anti-slip'],
  [
    'rechargeable',
    'wiederaufladbar',
    'wiederaufladbare',
    'wiederaufladbaren',
    'wiederaufladbarer',
    'wiederaufladbares',
    'aufladbar',
  ],
  ['wireless', 'cordless', 'kabellos', 'kabellose', 'kabellosen', 'kabelloser', 'kabelloses'],
  ['bluetooth'],
  ['machine washable', 'machine-washable', 'machine wash', 'maschinenwaschbar', 'waschmaschinenfest'],
  ['free shipping', 'free delivery', 'versandkostenfrei', 'kostenloser versand'],
  ['made in', 'hergestellt in'],
  ['unbreakable', 'indestructible', 'shatterproof', 'unzerbrechlich', 'bruchsicher'],
  ['durable', 'durability', 'langlebig', 'langlebige', 'langlebigen', 'langlebiger', 'langlebiges'],
  ['noise cancelling', 'noise-cancelling', 'noise canceling'],
  ['insulated', 'isoliert'],
  ['leak-proof', 'leakproof', 'leak proof', 'auslaufsicher'],
  ['breathable', 'atmungsaktiv', 'atmungsaktive', 'atmungsaktiven', 'atmungsaktiver', 'atmungsaktives'],
  ['lightweight'],
  ['foldable', 'faltbar', 'faltbare', 'faltbaren', 'faltbarer', 'faltbares', 'klappbar'],
  ['adjustable', 'verstellbar', 'verstellbare', 'verstellbaren', 'verstellbarer', 'verstellbares'],
  ['portable', 'tragbar'],
  ['dimmable', 'dimmbar'],
  ['magnetic', 'magnetisch'],
  ['educational'],
  ['montessori'],
  ['sensory'],
  ['natural'],
  ['reusable', 'wiederverwendbar'],
  ['quick-dry', 'quick dry'],
  ['fast charging'],
  ['gps'],
  ['heart rate'],
  ['limited edition'],
  ['exclusive'],
  ['new', 'neu', 'neue', 'neuer'],
  ['genuine'],
  ['authentic'],
  ['official', 'officially'],
  ['approved'],
  ['tested'],
  ['cruelty-free'],
  ['fair trade', 'fairtrade'],
  // What comes in the box: an LLM adds it readily ("batteries included") when the data is silent.
  ['batteries included', 'battery included', 'batterien enthalten', 'inklusive batterien'],
  ['vintage'],
  ['antique'],
];

/**
 * Spelled-out numbers an LLM writes instead of digits ("a fourteen-piece set"), English and German.
 * German "elf" (11) and "ein(s)" are left out: they are also an English noun and the article.
 */
const NUMBER_WORDS: Record<string, string> = {
  zero: '0',
  one: '1',
  two: '2',
  three: '3',
  four: '4',
  five: '5',
  six: '6',
  seven: '7',
  eight: '8',
  nine: '9',
  ten: '10',
  eleven: '11',
  twelve: '12',
  thirteen: '13',
  fourteen: '14',
  fifteen: '15',
  sixteen: '16',
  seventeen: '17',
  eighteen: '18',
  nineteen: '19',
  twenty: '20',
  thirty: '30',
  forty: '40',
  fifty: '50',
  sixty: '60',
  seventy: '70',
  eighty: '80',
  ninety: '90',
  hundred: '100',
  thousand: '1000',
  dozen: '12',
  zwei: '2',
  drei: '3',
  vier: '4',
  fünf: '5',
  sechs: '6',
  sieben: '7',
  acht: '8',
  neun: '9',
  zehn: '10',
  zwölf: '12',
  zwanzig: '20',
  dreißig: '30',
  fünfzig: '50',
  hundert: '100',
  tausend: '1000',
};

const UNITS =
  'mm|cm|m|km|in|inch|inches|ft|"|kg|g|mg|lb|lbs|oz|l|ml|cl|litre|litres|liter|liters|w|kw|v|mah|wh|h|hrs|hours|hour|min|mins|minutes|°c|°f|%|gb|tb|mb|mp|hz|ghz|mhz|db|bar|x|pcs|pieces|piece|pack|years|year|months|month|weeks|days|km/h|mph|gsm|tog|qt';
const NUMBER_WITH_UNIT = new RegExp(String.raw`(?<![\w.])(\d+(?:[.,]\d+)?)(?:\s?(${UNITS})(?![a-z]))?`, 'gi');

const NEGATION =
  /(?<![\p{L}])(not|no|never|without|non|nicht|kein|keine|keinen|ohne)\s+(?:[\p{L}-]+\s+){0,1}$/u;

interface Source {
  text: IndexedText;
  numbers: Set<string>;
}

function normaliseText(s: string): string {
  return ` ${s.normalize('NFKC').toLowerCase().replace(/[’`]/g, "'").replace(/\s+/g, ' ')} `;
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
for (const word of [MATERIALS, COLOURS, AUDIENCES, CLAIMS].flat(2).concat(Object.keys(NUMBER_WORDS)))
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
    const known = FAMILY_WORDS.get(word);
    if (known === 'plain' || (known === undefined && PLAIN_WORD.test(word)))
      return this.runs.get(word) ?? NONE;
    if (!this.text.includes(word)) return NONE;
    return Array.from(this.text.matchAll(known ?? wordPattern(word)), (m) => m.index);
  }

  has(word: string): boolean {
    return this.positions(word).length > 0;
  }
}

/** Occurrences of a family member in text, split by whether a negation precedes them. */
function occurrences(indexed: IndexedText, family: string[]): { positive: boolean; negative: boolean } {
  let positive = false;
  let negative = false;
  for (const word of family) {
    for (const index of indexed.positions(word)) {
      if (NEGATION.test(indexed.text.slice(Math.max(0, index - 20), index))) negative = true;
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
  for (const word of Object.keys(NUMBER_WORDS)) if (indexed.has(word)) numbers.add(NUMBER_WORDS[word]);
  for (const months of [product.ageMinMonths, product.ageMaxMonths]) {
    if (months === undefined) continue;
    numbers.add(String(months));
    numbers.add(String(Math.round((months / 12) * 100) / 100));
  }
  const source = { text: indexed, numbers };
  if (key.length <= CACHED_UP_TO) SOURCES.set(key, source);
  return source;
}

/** Does the data state this number with this unit (or the number alone when the copy gives none)? */
function numberSupported(source: Source, value: string, unit: string | undefined): boolean {
  if (!source.numbers.has(value)) return false;
  if (!unit || /^(x|pcs|pieces|piece|pack|years|year|months|month)$/i.test(unit)) return true;
  const numeric = escape(value).replace('\\.', '[.,]');
  return new RegExp(
    String.raw`(?<![\w.])${numeric}0*(?:\s?[-x×]\s?\d+(?:[.,]\d+)?)*\s?${escape(unit.toLowerCase())}(?![a-z])`,
  ).test(source.text.text);
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
  for (const [word, digits] of Object.entries(NUMBER_WORDS)) {
    if (copy.has(word) && !source.numbers.has(digits) && !source.text.has(word))
      unsupported.add(`number "${word}"`);
  }
  const families: [string, string[][]][] = [
    ['material', MATERIALS],
    ['colour', COLOURS],
    ['audience', AUDIENCES],
    ['claim', CLAIMS],
  ];
  for (const [kind, list] of families) {
    for (const family of list) {
      const said = occurrences(copy, family);
      if (!said.positive && !said.negative) continue;
      const backed = occurrences(source.text, family);
      // Materials and colours are plain nouns: "not plastic" in the data still names the material.
      const plainNoun = kind === 'material' || kind === 'colour';
      if (said.positive && !(backed.positive || (plainNoun && backed.negative)))
        unsupported.add(`${kind} "${family[0]}"`);
      if (said.negative && !backed.negative && !plainNoun) unsupported.add(`${kind} "not ${family[0]}"`);
    }
  }
  for (const m of text.matchAll(/\b(?:compatible with|works with|fits)\s+((?:[\w'-]+\s?){1,4})/g)) {
    const words = m[1]
      .split(/\s+/)
      .filter((w) => w.length > 2 && !['the', 'all', 'and', 'most', 'any'].includes(w));
    if (words.some((w) => !source.text.has(w))) unsupported.add(`compatibility "${m[1].trim()}"`);
  }
  return { passed: unsupported.size === 0, unsupportedFacts: [...unsupported] };
}
