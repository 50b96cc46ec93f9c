// Reads a Chinese product (issue 18) into the same facts as the English reader, with the same
// canonical English objects: attributes by their Chinese keys (材质, 颜色, 适用年龄 …, also written
// inline in the description as "材质：榉木"), then title, description and the other attributes
// sentence by sentence. Chinese has no spaces between words, so lexicon forms are found as
// substrings (longest first, never overlapping) rather than between word boundaries; a negation
// (不, 无, 没有 …) shortly before a form within its clause denies it, as "not" does in English.

import { CHINESE_NUMBER_SOURCE, loadGlossary, parseChineseNumber } from '@shopmind/vocabulary';
import type { EntityResolver } from '../../domain/entity-resolver.js';
import type { ProductRecord } from '../../domain/product-record.js';
import { monthsToYears, normaliseText } from '../../domain/text-normalisation.js';
import { ATTRIBUTE_ONLY_MATERIALS, type Lexicon, ZH } from '../../domain/vocabulary.js';
import type { FactList } from './fact-list.js';

const CONFIDENCE = { attributes: 0.95, lexicon: 0.8, phrase: 0.65 } as const;

interface Form {
  canonical: string;
  form: string;
  /** A Latin form ("abs", "gps") must not touch a Latin letter or digit on that side. */
  latinStart: boolean;
  latinEnd: boolean;
}

interface Hit {
  canonical: string;
  start: number;
  end: number;
}

const LATIN = /[a-z0-9]/;

/** Forms of a lexicon, normalised, longest first; `stops` are matched too, to a canonical of ''. */
function formsOf(lexicon: Lexicon, exclude: ReadonlySet<string> = new Set(), stops: readonly string[] = []) {
  const list: Form[] = [];
  const add = (canonical: string, raw: string): void => {
    const form = normaliseText(raw);
    if (form)
      list.push({ canonical, form, latinStart: LATIN.test(form[0]), latinEnd: LATIN.test(form.at(-1)!) });
  };
  for (const [canonical, forms] of Object.entries(lexicon)) {
    if (exclude.has(canonical)) continue;
    for (const f of new Set([canonical, ...forms])) add(canonical, f);
  }
  for (const stop of stops) add('', stop);
  return list.sort((a, b) => b.form.length - a.form.length);
}

/** Every non-overlapping occurrence of the forms in `text`, longer forms first; stop phrases dropped. */
function findForms(text: string, forms: readonly Form[]): Hit[] {
  const hits: Hit[] = [];
  for (const f of forms) {
    let at = text.indexOf(f.form);
    while (at >= 0) {
      const end = at + f.form.length;
      const bounded =
        (!f.latinStart || at === 0 || !LATIN.test(text[at - 1])) &&
        (!f.latinEnd || end === text.length || !LATIN.test(text[end]));
      if (bounded && !hits.some((h) => at < h.end && end > h.start))
        hits.push({ canonical: f.canonical, start: at, end });
      at = text.indexOf(f.form, at + 1);
    }
  }
  return hits.filter((h) => h.canonical !== '').sort((a, b) => a.start - b.start);
}

function lookup(lexicon: Lexicon): Map<string, string> {
  const map = new Map<string, string>();
  for (const [canonical, forms] of Object.entries(lexicon))
    for (const f of forms) map.set(normaliseText(f), canonical);
  return map;
}

const FORMS = {
  textMaterials: formsOf(ZH.materials, ATTRIBUTE_ONLY_MATERIALS),
  materials: formsOf(ZH.materials),
  colours: formsOf(ZH.colours),
  audiences: formsOf(ZH.audiences, new Set(), ZH.audienceStopPhrases),
  features: formsOf(ZH.features, new Set(), ZH.featureStopPhrases),
  appliances: formsOf(ZH.applianceFeatures),
  occasions: formsOf(ZH.occasions),
  requirements: formsOf(ZH.requirements),
  compatible: formsOf(ZH.compatibleAliases),
} as const;
const ATTRIBUTE_MATERIALS = lookup(ZH.attributeOnlyMaterials);
const COLOUR_HEADS = lookup(ZH.colourHeads);
const BRANDS = lookup(ZH.brandAliases);
const CATEGORIES = lookup(ZH.categories);
/**
 * The shortest glossary head a category is named by: two characters. Single ones (车, 杯) changed no
 * dev figure and are coarse (遥控工程车 → car), so a category keeps its Chinese word instead.
 */
const CATEGORY_HEAD_MIN = 2;
const KEY_KIND = new Map<string, string>();
for (const [kind, keys] of Object.entries(ZH.attributeKeys)) for (const k of keys) KEY_KIND.set(k, kind);
const INLINE_ATTRIBUTE = new RegExp(
  `(${[...KEY_KIND.keys()].filter((k) => KEY_KIND.get(k) !== 'skipped').join('|')})[:：]\\s*([^,，。;；!！?？\\n]+)`,
  'g',
);

const NEGATION_CUE = new RegExp(`(?:${ZH.negation.cues.join('|')})[^${ZH.negation.cues.join('')}]{0,4}$`);
const NOT_NEGATIONS = new RegExp(ZH.negation.notNegations.join('|'), 'g');
/** Where a clause ends: what a negation or a cue does not reach across. */
const CLAUSE_BREAK = /[,，:：;；。!！?？\s]/;
const MATERIAL_NOT_FOLLOWED_BY = new RegExp(`^(?:${ZH.materialNotFollowedBy.join('|')})`);
const LIST_SEPARATOR = /\s*(?:[/、,，;；+&]|和|及|与|或)\s*/;

/** The clause of `text` before `at` (from the last clause break). */
function clauseBefore(text: string, at: number): string {
  let start = at;
  while (start > 0 && !CLAUSE_BREAK.test(text[start - 1])) start--;
  return text.slice(start, at);
}

/** Whether a negation stands shortly before `at` in its clause (不可机洗, 不含塑料, 不建议放入洗碗机). */
function isNegated(text: string, at: number): boolean {
  const before = clauseBefore(text, at).replace(NOT_NEGATIONS, (w) => '_'.repeat(w.length));
  return NEGATION_CUE.test(before);
}

export class ChineseProductReader {
  constructor(private readonly resolver: EntityResolver) {}

  read(product: ProductRecord, facts: FactList): void {
    const brand = product.brand.trim() || findAttribute(product.attributes, 'brand');
    if (brand) facts.add('BRAND', this.brand(brand), 'attributes', CONFIDENCE.attributes);
    const category = [...product.categoryPath].reverse().find((c) => c.trim());
    if (category) facts.add('IN_CATEGORY', this.category(category), 'attributes', CONFIDENCE.attributes);
    let ageMin = product.ageMinMonths !== undefined ? monthsToYears(product.ageMinMonths) : undefined;
    let ageMax = product.ageMaxMonths !== undefined ? monthsToYears(product.ageMaxMonths) : undefined;
    if (ageMin !== undefined) facts.add('AGE_MIN', ageMin, 'attributes', CONFIDENCE.attributes);
    if (ageMax !== undefined) facts.add('AGE_MAX', ageMax, 'attributes', CONFIDENCE.attributes);

    // Attributes as the shop gave them, then "材质：榉木" pairs written inline in the description.
    const pairs: [string, string, 'attributes' | 'local-nlp'][] = Object.entries(product.attributes).map(
      ([k, v]) => [k, v, 'attributes'],
    );
    for (const m of product.description.normalize('NFKC').matchAll(INLINE_ATTRIBUTE))
      pairs.push([m[1], m[2], 'local-nlp']);
    const freeText: string[] = [];
    const attributeAges: AgeFacts = {};
    for (const [rawKey, rawValue, extractor] of pairs) {
      const key = rawKey.normalize('NFKC').trim();
      const value = normaliseText(rawValue);
      if (!value) continue;
      const kind = KEY_KIND.get(key) ?? KEY_KIND.get(normaliseText(key));
      const confidence = extractor === 'attributes' ? CONFIDENCE.attributes : CONFIDENCE.lexicon;
      if (kind === 'brand' || kind === 'skipped') continue;
      if (kind === 'material') {
        for (const m of this.materials(value)) facts.add('MADE_OF', m, extractor, confidence);
      } else if (kind === 'colour') {
        for (const c of colours(value))
          facts.add('HAS_COLOR', this.resolver.resolve('Color', c), extractor, confidence);
      } else if (kind === 'audience') {
        for (const h of findForms(value, FORMS.audiences))
          facts.add('FOR_AUDIENCE', this.resolver.resolve('Audience', h.canonical), extractor, confidence);
      } else if (kind === 'age') {
        const ages = agesIn(value, true);
        attributeAges.min ??= ages.min;
        attributeAges.max ??= ages.max;
      } else if (extractor === 'attributes') {
        // "防水等级：IPX7", "供电：4节7号电池": the key or the value may name a feature or a need.
        freeText.push(`${key}:${value}`);
      }
    }
    if (ageMin === undefined && attributeAges.min !== undefined) {
      ageMin = attributeAges.min;
      facts.add('AGE_MIN', ageMin, 'attributes', CONFIDENCE.attributes);
    }
    if (ageMax === undefined && attributeAges.max !== undefined) {
      ageMax = attributeAges.max;
      facts.add('AGE_MAX', ageMax, 'attributes', CONFIDENCE.attributes);
    }

    for (const c of titleColours(product.title))
      facts.add('HAS_COLOR', this.resolver.resolve('Color', c), 'local-nlp', CONFIDENCE.lexicon);

    const sentences = [product.title, product.description, ...freeText]
      .flatMap((t) => t.split(/[。！？!?；;\n]+/))
      .map((s) => normaliseText(s))
      .filter(Boolean);
    const batteries: string[] = [];
    let needsBattery = false;
    for (const text of sentences) {
      this.lexiconFacts(text, facts);
      for (const f of applianceFeatures(text))
        facts.add('HAS_FEATURE', this.resolver.resolve('Feature', f), 'local-nlp', CONFIDENCE.lexicon);
      for (const c of compatibleWith(text))
        facts.add('COMPATIBLE_WITH', this.resolver.resolve('Product', c), 'local-nlp', CONFIDENCE.phrase);
      for (const r of requirements(text))
        facts.add('REQUIRES', this.resolver.resolve('Feature', r), 'local-nlp', CONFIDENCE.phrase);
      const needs = batteriesIn(text);
      batteries.push(...needs.kinds);
      needsBattery ||= needs.unnamed;
      if (ageMin === undefined || ageMax === undefined) {
        const ages = agesIn(text, false);
        if (ageMin === undefined && ages.min !== undefined)
          facts.add('AGE_MIN', ages.min, 'local-nlp', CONFIDENCE.lexicon);
        if (ageMax === undefined && ages.max !== undefined)
          facts.add('AGE_MAX', ages.max, 'local-nlp', CONFIDENCE.lexicon);
      }
    }
    for (const b of batteries)
      facts.add('REQUIRES', this.resolver.resolve('Feature', b), 'local-nlp', CONFIDENCE.phrase);
    // "不含电池" says a battery is needed; which one, only when another sentence names it.
    if (needsBattery && batteries.length === 0)
      facts.add('REQUIRES', 'battery', 'local-nlp', CONFIDENCE.phrase);
  }

  /** Materials, features, audiences and occasions named in one normalised sentence. */
  private lexiconFacts(text: string, facts: FactList): void {
    for (const h of findForms(text, FORMS.textMaterials)) {
      if (isNegated(text, h.start) || MATERIAL_NOT_FOLLOWED_BY.test(text.slice(h.end))) continue;
      facts.add('MADE_OF', this.resolver.resolve('Material', h.canonical), 'local-nlp', CONFIDENCE.lexicon);
    }
    const kinds = [
      ['HAS_FEATURE', 'Feature', FORMS.features],
      ['FOR_AUDIENCE', 'Audience', FORMS.audiences],
      ['FOR_OCCASION', 'Occasion', FORMS.occasions],
    ] as const;
    for (const [relation, type, forms] of kinds)
      for (const h of findForms(text, forms))
        if (!isNegated(text, h.start))
          facts.add(relation, this.resolver.resolve(type, h.canonical), 'local-nlp', CONFIDENCE.lexicon);
  }

  /** "乐高（LEGO）" and "LEGO/乐高" are "lego"; 乐高 alone by the alias list; else the name as written. */
  private brand(raw: string): string {
    const text = normaliseText(raw);
    const latin = /[(/]\s*([a-z][a-z0-9 .&'-]*)\s*\)?|^([a-z][a-z0-9 .&'-]*?)\s*[/(]/.exec(text);
    if (latin && /\p{Script=Han}/u.test(text)) return this.resolver.resolve('Brand', latin[1] ?? latin[2]);
    const alias = BRANDS.get(text);
    return alias ? this.resolver.resolve('Brand', alias) : this.resolver.resolve('Brand', text);
  }

  /**
   * The English category where the list knows the Chinese one, or knows its head (Chinese compounds
   * end with what the thing is: 真无线耳机 is a kind of 耳机); else the CC-CEDICT glossary's noun
   * for the word or its longest head (电风扇 → electric fan); otherwise the shop's own word.
   */
  private category(raw: string): string {
    const text = normaliseText(raw);
    let known = CATEGORIES.get(text);
    for (let i = 1; known === undefined && i < text.length - 1; i++) known = CATEGORIES.get(text.slice(i));
    known ??= loadGlossary('zh').headOf(text, { minLength: CATEGORY_HEAD_MIN })?.english;
    return this.resolver.resolve('Category', known ?? text);
  }

  /** Materials of an attribute value: every material form in it, or the value as one material. */
  private materials(value: string): string[] {
    const out: string[] = [];
    for (const part of value.replace(/\d+(?:\.\d+)?\s*%/g, ' ').split(LIST_SEPARATOR)) {
      const p = part.trim();
      if (!p) continue;
      const hits = findForms(p, FORMS.materials);
      if (hits.length) out.push(...hits.map((h) => this.resolver.resolve('Material', h.canonical)));
      else if (ATTRIBUTE_MATERIALS.has(p))
        out.push(this.resolver.resolve('Material', ATTRIBUTE_MATERIALS.get(p)!));
      // A material in Latin letters the lexicon lacks ("EVA") is kept, as English keeps one; an
      // unknown Chinese word has no English name to store.
      else if (/^[a-z][a-z0-9 -]*$/.test(p)) out.push(this.resolver.resolve('Material', p));
    }
    return out;
  }
}

function findAttribute(attributes: Record<string, string>, kind: string): string | undefined {
  for (const [k, v] of Object.entries(attributes))
    if (KEY_KIND.get(k.normalize('NFKC').trim()) === kind && v.trim()) return v.trim();
  return undefined;
}

/** Colours of an attribute value: colour words, else the head character of a compound (石墨灰 → grey). */
function colours(value: string): string[] {
  const out: string[] = [];
  for (const part of value.split(LIST_SEPARATOR)) {
    const p = part.trim();
    if (!p) continue;
    const hits = findForms(p, FORMS.colours);
    if (hits.length) out.push(...hits.map((h) => h.canonical));
    else {
      const head = COLOUR_HEADS.get(p.replace(/色$/, '').slice(-1));
      if (head) out.push(head);
    }
  }
  return out;
}

/** "高速遥控赛车 红色", "T恤 白色/黑色": colours as the title's last word. */
function titleColours(title: string): string[] {
  const words = normaliseText(title).split(/[\s,，]+/);
  if (words.length < 2) return [];
  const parts = words.at(-1)!.split(/[/、]/).filter(Boolean);
  const named = parts.map((p) => findForms(p, FORMS.colours));
  return named.every((hits, i) => hits.length === 1 && hits[0].end - hits[0].start === parts[i].length)
    ? named.map((hits) => hits[0].canonical)
    : [];
}

const APPLIANCE_CUE = /可|适用|支持|能|通用|兼容/;

/** "可放入洗碗机", "适用于电磁炉、燃气灶和烤箱", "电磁炉通用": appliances the product may go into. */
function applianceFeatures(text: string): string[] {
  const out: string[] = [];
  for (const h of findForms(text, FORMS.appliances)) {
    const before = clauseBefore(text, h.start);
    const cued = APPLIANCE_CUE.test(before) || /^(?:通用|适用|可用)/.test(text.slice(h.end));
    if (cued && !isNegated(text, h.start)) out.push(h.canonical);
  }
  return out;
}

const COMPAT_CUE = /兼容|适用于|适配|可搭配/g;
const COMPAT_BEFORE = /与([^,，。;；]{1,24}?)兼容/g;
const QUANTIFIER = /^(?:所有|全部|各种|各类|主流|大部分|大多数|多数|市面上的?|常见的?)/;

/** Products named after 兼容/适用于 or in 与…兼容: Latin names (iPhone 15, macOS) or known Chinese ones (安卓). */
function compatibleWith(text: string): string[] {
  const lists: string[] = [];
  for (const m of text.matchAll(COMPAT_BEFORE)) lists.push(m[1]);
  for (const m of text.matchAll(COMPAT_CUE)) {
    if (isNegated(text, m.index)) continue;
    lists.push(text.slice(m.index + m[0].length).split(/[,，。;；:：]/)[0]);
  }
  const out: string[] = [];
  for (const list of lists) {
    for (const rawPart of list.split(/\s*(?:[、/]|和|及|与|以及|或)\s*/)) {
      const part = rawPart.trim().replace(QUANTIFIER, '');
      const latin = /^[a-z][a-z0-9 .+-]*/.exec(part);
      const alias = findForms(part, FORMS.compatible).find((h) => h.start === 0);
      // The name as written ("iphone 15") before a Chinese one the list knows (苹果手机 → iphone).
      if (latin) out.push(latin[0].replace(/[\s.+-]+$/, ''));
      else if (alias) out.push(alias.canonical);
    }
  }
  return out;
}

const REQUIREMENT_CUE = /需要|需|连接|配合|通过|下载/;

function requirements(text: string): string[] {
  return findForms(text, FORMS.requirements)
    .filter((h) => REQUIREMENT_CUE.test(text.slice(0, h.start)) && !isNegated(text, h.start))
    .map((h) => h.canonical);
}

const NUMBER = CHINESE_NUMBER_SOURCE;
const BATTERY_KIND = new Map<string, string>();
for (const [kind, forms] of Object.entries(ZH.batteries))
  for (const f of forms) BATTERY_KIND.set(normaliseText(f), kind);
const BATTERY = new RegExp(
  `(?:${NUMBER}\\s*(?:节|颗|粒|个|块)\\s*)?(${[...BATTERY_KIND.keys()].sort((a, b) => b.length - a.length).join('|')})\\s*(?:电池|电芯)`,
  'g',
);
const UNNAMED_BATTERY =
  /(?:不含|不附带|不配|未含|不带|另购|自备|需要?)电池|电池(?:不含|需另购|另购|自备|不包含|需自备)/;
const NO_BATTERY_NEEDED = /(?:不需要|无需|不用|免)(?:安装|装)?电池/;

/** Batteries a sentence says the product needs: named kinds, or only that one is needed. */
function batteriesIn(text: string): { kinds: string[]; unnamed: boolean } {
  if (NO_BATTERY_NEEDED.test(text)) return { kinds: [], unnamed: false };
  const kinds: string[] = [];
  for (const m of text.matchAll(BATTERY)) {
    // "内置可充电锂电池": a part of the product, not something to buy for it.
    if (/(?:充电|内置|自带)\s*$/.test(text.slice(Math.max(0, m.index - 4), m.index))) continue;
    kinds.push(BATTERY_KIND.get(m[1])!);
  }
  return { kinds, unnamed: UNNAMED_BATTERY.test(text) };
}

interface AgeFacts {
  min?: number;
  max?: number;
}

/** A number, a unit of age, and 半 ("half") before the unit (一个半月) or after it (一岁半). */
const AGE = `(${NUMBER})(半)?\\s*(周岁|岁|个月|月龄)(半)?`;
const RANGE = new RegExp(`(${NUMBER})(半)?\\s*(周岁|岁|个月|月龄)?(半)?\\s*(?:-|~|–|—|到|至)\\s*${AGE}`, 'g');
const AGE_MIN = new RegExp(`(?:满\\s*${AGE})|(?:${AGE}\\s*(?:\\+|及以上|以上|或以上|起))`, 'g');
const AGE_BELOW = new RegExp(`${AGE}\\s*(?:以下|以内)`, 'g');
/** "不适合3岁以下儿童", "3岁以下儿童禁用": the age below which a product is not for anyone. */
const FORBIDS = /不适合|不适用|禁止|禁用|不宜|请勿|勿用|不可/;
/** Numbers of months that are not ages: a warranty, a battery's life, a shelf life. */
const NOT_AGE = /保修|质保|保质期|续航|待机|换新|退换|使用寿命/;

/** Years of an age match's groups: number, 半 before the unit, unit, 半 after it. */
function ageValue(groups: (string | undefined)[], unit = groups[2]): number | undefined {
  const [n, halfBefore, , halfAfter] = groups;
  const v = parseChineseNumber(n ?? '');
  if (v === undefined) return undefined;
  const value = v + (halfBefore || halfAfter ? 0.5 : 0);
  const years = unit === '个月' || unit === '月龄' ? monthsToYears(value) : value;
  return years <= 120 ? years : undefined;
}

/** Ages in a normalised sentence, or in an age attribute's value (`isAgeValue`: a bare "3-6" is years). */
function agesIn(text: string, isAgeValue: boolean): AgeFacts {
  const facts: AgeFacts = {};
  if (!isAgeValue && NOT_AGE.test(text)) return facts;
  for (const m of text.matchAll(RANGE)) {
    const upper = m.slice(5, 9);
    facts.min ??= ageValue(m.slice(1, 5), m[3] ?? upper[2]);
    facts.max ??= ageValue(upper);
  }
  for (const m of text.matchAll(AGE_MIN))
    facts.min ??= ageValue(m[1] !== undefined ? m.slice(1, 5) : m.slice(5, 9));
  for (const m of text.matchAll(AGE_BELOW)) {
    const value = ageValue(m.slice(1, 5));
    const clause = clauseBefore(text, m.index) + text.slice(m.index).split(/[,，。;；]/)[0];
    if (FORBIDS.test(clause)) facts.min ??= value;
    else facts.max ??= value;
  }
  if (isAgeValue && facts.min === undefined && facts.max === undefined) {
    const bare = new RegExp(`^(${NUMBER})\\s*(?:-|~|到|至)\\s*(${NUMBER})$`).exec(text);
    if (bare) {
      facts.min = ageValue([bare[1]], '岁');
      facts.max = ageValue([bare[2]], '岁');
    }
  }
  return facts;
}
