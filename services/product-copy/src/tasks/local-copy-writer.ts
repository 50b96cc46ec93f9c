// The local tier of product copy: written from the product's own data only (so it passes the
// faithfulness guard by construction), in sentences a shopper would read, within the channel's
// limits. Frames exist for English, German and Simplified Chinese (data/zh/frames.json); it does
// not translate product text, so a locale in another language than the product's is written in the
// product's language and says so (`unsupported_language: …` for a locale no frames cover).

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataFolder, UNSUPPORTED_LANGUAGE } from '@shopmind/vocabulary';
import type { CopyProduct } from '../domain/copy-product.js';
import { CHANNEL_LIMITS, type ChannelLimits, type CopyRequest, type CopyText } from '../domain/copy-text.js';

export type Tone = 'warm' | 'playful' | 'premium' | 'neutral';

export interface LocalCopy {
  copy: CopyText;
  /** The language the copy is written in (may differ from the requested locale). */
  language: string;
  /** Set when the local tier could not honour the request fully. */
  degradedReason?: string;
}

interface Frames {
  /** How sentences are split and joined, and how attribute bullets are written. */
  sentences(text: string): string[];
  join: string;
  attributeBullet(key: string, value: string): string;
  /** True when the description already states an age. */
  statesAge(description: string): boolean;
  /** Attribute names that hold the material or the colours (lower case). */
  materialKeys: readonly string[];
  colourKeys: readonly string[];
  opener(tone: Tone, title: string, brand: string): string;
  by(title: string, brand: string): string;
  madeOf(materials: string): string;
  comesIn(colours: string): string;
  madeOfAndComesIn(materials: string, colours: string): string;
  ages(min?: number, max?: number): string | undefined;
  range(category: string): string;
  materialBullet(materials: string): string;
  colourBullet(colours: string): string;
  ageBullet(min?: number, max?: number): string | undefined;
}

function ageText(
  months: number,
  unit: { year: string; years: string; month: string; months: string },
): string {
  if (months % 12 === 0) return `${months / 12} ${months === 12 ? unit.year : unit.years}`;
  return `${months} ${months === 1 ? unit.month : unit.months}`;
}

const EN_UNITS = { year: 'year', years: 'years', month: 'month', months: 'months' };
const DE_UNITS = { year: 'Jahr', years: 'Jahren', month: 'Monat', months: 'Monaten' };

/** English and German frames share these. */
const LATIN = {
  sentences: sentencesOf,
  join: ' ',
  attributeBullet: (k: string, v: string) => `${k[0].toUpperCase()}${k.slice(1)}: ${v}`,
  statesAge: (description: string) => /\b(ages?|aged|months|years|from birth)\b/i.test(description),
  materialKeys: ['material', 'materials', 'fabric', 'composition', 'material composition'],
  colourKeys: ['color', 'colour', 'colors', 'colours'],
};

/** The Chinese frames: templates with {title}, {brand}, {materials}, {colours}, {min}, {max}, {category}. */
interface ChineseFrames {
  opener: Record<Tone, string>;
  openerNoBrand: Record<Tone, string>;
  madeOf: string;
  comesIn: string;
  madeOfAndComesIn: string;
  range: string;
  materialBullet: string;
  colourBullet: string;
  ages: Record<'fromBirth' | 'from' | 'upTo' | 'between', string>;
  ageBullet: Record<'fromBirth' | 'from' | 'upTo' | 'between', string>;
  attributeBullet: string;
  ageWords: string;
  materialKeys: string[];
  colourKeys: string[];
}

const ZH = JSON.parse(
  readFileSync(join(DataFolder.beside(import.meta.url, '../../data').path, 'zh/frames.json'), 'utf8'),
) as ChineseFrames;

function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => values[name] ?? '');
}

/** 3岁 for whole years, 18个月 otherwise. */
function chineseAge(months: number): string {
  return months % 12 === 0 ? `${months / 12}岁` : `${months}个月`;
}

function chineseAges(
  templates: ChineseFrames['ages'],
  min: number | undefined,
  max: number | undefined,
): string | undefined {
  if (min === 0 && max === undefined) return templates.fromBirth;
  if (min !== undefined && max !== undefined) {
    const from = chineseAge(min);
    const to = chineseAge(max);
    // 3至6岁 rather than 3岁至6岁 when both are years.
    return fill(templates.between, {
      min: from.endsWith('岁') && to.endsWith('岁') ? from.slice(0, -1) : from,
      max: to,
    });
  }
  if (min !== undefined) return fill(templates.from, { min: chineseAge(min) });
  if (max !== undefined) return fill(templates.upTo, { max: chineseAge(max) });
  return undefined;
}

/** Chinese sentences end in 。！？ (or a Latin . ! ? before Chinese text); the mark stays with its sentence. */
function chineseSentences(text: string): string[] {
  return text
    .replace(/\s+/g, ' ')
    .split(/(?<=[。！？!?；;])|(?<=\.)(?=\s*\p{Script=Han})/u)
    .map((s) => s.trim())
    .filter(Boolean);
}

const FRAMES: Record<string, Frames> = {
  en: {
    ...LATIN,
    opener: (tone, title, brand) =>
      ({
        warm: `Meet the ${title}${brand ? ` from ${brand}` : ''}.`,
        playful: `Say hello to the ${title}!`,
        premium: `${brand ? `${brand} presents` : 'Introducing'} the ${title}.`,
        neutral: `The ${title}${brand ? ` by ${brand}` : ''}.`,
      })[tone],
    by: (title, brand) => (brand && !namesBrand(title, brand) ? `${brand} ${title}` : title),
    madeOf: (m) => `It is made of ${m}.`,
    comesIn: (c) => `It comes in ${c}.`,
    madeOfAndComesIn: (m, c) => `It is made of ${m} and comes in ${c}.`,
    ages: (min, max) => {
      if (min === 0 && max === undefined) return 'Suitable from birth.';
      if (min !== undefined && max !== undefined)
        return `Recommended for ages ${ageText(min, EN_UNITS)} to ${ageText(max, EN_UNITS)}.`.replace(
          / years to (\d+) years/,
          ' to $1 years',
        );
      if (min !== undefined) return `Recommended from ${ageText(min, EN_UNITS)}.`;
      if (max !== undefined) return `Recommended up to ${ageText(max, EN_UNITS)}.`;
      return undefined;
    },
    range: (category) => `Part of our ${category} range.`,
    materialBullet: (m) => `Made of ${m}`,
    colourBullet: (c) => `Colour: ${c}`,
    ageBullet: (min, max) => {
      if (min !== undefined && max !== undefined)
        return `Age: ${ageText(min, EN_UNITS)} to ${ageText(max, EN_UNITS)}`;
      if (min !== undefined) return min === 0 ? 'Age: from birth' : `Age: from ${ageText(min, EN_UNITS)}`;
      if (max !== undefined) return `Age: up to ${ageText(max, EN_UNITS)}`;
      return undefined;
    },
  },
  de: {
    ...LATIN,
    opener: (tone, title, brand) =>
      ({
        warm: `Entdecken Sie ${title}${brand ? ` von ${brand}` : ''}.`,
        playful: `Hallo, ${title}!`,
        premium: `${brand ? `${brand} präsentiert` : 'Vorgestellt:'} ${title}.`,
        neutral: `${title}${brand ? ` von ${brand}` : ''}.`,
      })[tone],
    by: (title, brand) => (brand && !namesBrand(title, brand) ? `${brand} ${title}` : title),
    madeOf: (m) => `Material: ${m}.`,
    comesIn: (c) => `Farbe: ${c}.`,
    madeOfAndComesIn: (m, c) => `Material: ${m}. Farbe: ${c}.`,
    ages: (min, max) => {
      if (min === 0 && max === undefined) return 'Geeignet ab der Geburt.';
      if (min !== undefined && max !== undefined)
        return `Empfohlen von ${ageText(min, DE_UNITS)} bis ${ageText(max, DE_UNITS)}.`;
      if (min !== undefined) return `Empfohlen ab ${ageText(min, DE_UNITS)}.`;
      if (max !== undefined) return `Empfohlen bis ${ageText(max, DE_UNITS)}.`;
      return undefined;
    },
    range: (category) => `Aus unserem Sortiment ${category}.`,
    materialBullet: (m) => `Material: ${m}`,
    colourBullet: (c) => `Farbe: ${c}`,
    ageBullet: (min, max) => {
      if (min !== undefined && max !== undefined)
        return `Alter: ${ageText(min, DE_UNITS)} bis ${ageText(max, DE_UNITS)}`;
      if (min !== undefined)
        return min === 0 ? 'Alter: ab der Geburt' : `Alter: ab ${ageText(min, DE_UNITS)}`;
      if (max !== undefined) return `Alter: bis ${ageText(max, DE_UNITS)}`;
      return undefined;
    },
  },
  zh: {
    sentences: chineseSentences,
    join: '',
    attributeBullet: (k, v) => fill(ZH.attributeBullet, { key: k, value: v }),
    statesAge: (description) => new RegExp(ZH.ageWords, 'u').test(description),
    materialKeys: ZH.materialKeys,
    colourKeys: ZH.colourKeys,
    opener: (tone, title, brand) =>
      fill(brand && !namesBrand(title, brand) ? ZH.opener[tone] : ZH.openerNoBrand[tone], { title, brand }),
    by: (title, brand) => (brand && !namesBrand(title, brand) ? `${brand} ${title}` : title),
    madeOf: (m) => fill(ZH.madeOf, { materials: m }),
    comesIn: (c) => fill(ZH.comesIn, { colours: c }),
    madeOfAndComesIn: (m, c) => fill(ZH.madeOfAndComesIn, { materials: m, colours: c }),
    ages: (min, max) => chineseAges(ZH.ages, min, max),
    range: (category) => fill(ZH.range, { category }),
    materialBullet: (m) => fill(ZH.materialBullet, { materials: m }),
    colourBullet: (c) => fill(ZH.colourBullet, { colours: c }),
    ageBullet: (min, max) => chineseAges(ZH.ageBullet, min, max),
  },
};

/** Attributes already said in prose or not for shoppers' eyes (the material and colour keys too). */
const QUIET_KEYS = new Set(['brand', 'sku', 'ean', 'gtin', 'gender', '品牌', '货号', '条码', '性别']);

/** True when the title already carries the brand ("LEGO City ..." for "The LEGO Group"). */
function namesBrand(title: string, brand: string): boolean {
  const words = brand
    .toLowerCase()
    .split(/[\s,.]+/)
    .filter((w) => w.length > 2 && !['the', 'group', 'inc', 'ltd', 'gmbh', 'company'].includes(w));
  const t = title.toLowerCase();
  // A Chinese brand has no spaces: 费雪 is named by 费雪海马安抚玩具.
  if (/\p{Script=Han}/u.test(brand)) return t.includes(brand.toLowerCase().trim());
  return words.length > 0 && words.some((w) => t.includes(w));
}

/** "Running Shoes, White/Red" reads as "Running Shoes" inside a sentence. */
function proseTitle(title: string): string {
  const cut = title.lastIndexOf(',');
  return cut > 0 &&
    title
      .slice(cut + 1)
      .trim()
      .split(/\s+/).length <= 3
    ? title.slice(0, cut).trim()
    : title;
}

function mentions(text: string, value: string | undefined): boolean {
  return value !== undefined && text.toLowerCase().includes(value.toLowerCase());
}

export function asTone(tone: string): Tone {
  return tone === 'playful' || tone === 'premium' || tone === 'neutral' ? tone : 'warm';
}

function attribute(product: CopyProduct, keys: readonly string[]): string | undefined {
  for (const [k, v] of Object.entries(product.attributes))
    if (keys.includes(k.toLowerCase().trim()) && v.trim()) return v.trim();
  return undefined;
}

function sentencesOf(text: string): string[] {
  return text
    .replace(/\s+/g, ' ')
    .split(/(?<=[.!?])\s+(?=[A-Z0-9ÄÖÜ"])/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Cuts at a word boundary so the result fits; adds an ellipsis only when it had to cut. */
export function fit(text: string, max: number, ellipsis = true): string {
  if ([...text].length <= max) return text;
  const room = ellipsis ? max - 1 : max;
  const cut = text.slice(0, room);
  if (/\p{Script=Han}/u.test(cut)) {
    // Chinese has no spaces: cut after the last clause mark (，、；：) or space when there is one.
    const at = Math.max(...[...'，、；： '].map((c) => cut.lastIndexOf(c)));
    const clause = at > room * 0.5 ? cut.slice(0, at) : cut;
    return `${clause.replace(/[\s,;:，、；：–-]+$/, '')}${ellipsis ? '…' : ''}`;
  }
  const atWord = cut.lastIndexOf(' ') > room * 0.5 ? cut.slice(0, cut.lastIndexOf(' ')) : cut;
  return `${atWord.replace(/[\s,;:–-]+$/, '')}${ellipsis ? '…' : ''}`;
}

/** Joins whole sentences while they fit. */
function fitSentences(sentences: string[], max: number, join = ' '): string {
  let out = '';
  for (const s of sentences) {
    const next = out ? `${out}${join}${s}` : s;
    if ([...next].length > max) break;
    out = next;
  }
  return out || fit(sentences[0] ?? '', max);
}

/** Whole paragraphs (the first one sentence by sentence) separated by blank lines, while they fit. */
function fitParagraphs(paragraphs: string[], max: number, f: Frames): string {
  let out = fitSentences(f.sentences(paragraphs[0] ?? ''), max, f.join);
  for (const p of paragraphs.slice(1)) {
    const next = `${out}\n\n${p}`;
    if ([...next].length > max) break;
    out = next;
  }
  return out;
}

function lowerFirst(value: string): string {
  return /^[A-Z][a-z]/.test(value) ? value[0].toLowerCase() + value.slice(1) : value;
}

/** The language local copy is written in for this request, and why it is not the one asked for. */
export function localLanguage(
  product: CopyProduct,
  request: CopyRequest,
): Pick<LocalCopy, 'language' | 'degradedReason'> {
  const requested = request.locale.split(/[-_]/)[0].toLowerCase();
  const productLanguage = FRAMES[product.language] ? product.language : 'en';
  const language = requested === productLanguage ? requested : productLanguage;
  const translate = `local tier does not translate; written in ${language} instead of ${request.locale}`;
  // A locale no frames cover is an unsupported language, whatever the product's language.
  if (!FRAMES[requested]) return { language, degradedReason: `${UNSUPPORTED_LANGUAGE}: ${translate}` };
  return { language, degradedReason: requested !== language ? translate : undefined };
}

export function writeLocalCopy(product: CopyProduct, request: CopyRequest): LocalCopy {
  const { language, degradedReason } = localLanguage(product, request);
  const f = FRAMES[language];
  const limits: ChannelLimits = CHANNEL_LIMITS[request.channel];
  const tone = asTone(request.tone);

  const title = product.title.trim();
  const named = proseTitle(title);
  const brand = product.brand.trim();
  const materials = attribute(product, f.materialKeys);
  const colours = attribute(product, f.colourKeys);
  const category = product.categoryPath.at(-1)?.trim();
  const description = f.sentences(product.description);
  const ages = f.ages(product.ageMinMonths, product.ageMaxMonths);

  const lead = [f.opener(tone, named, brand), description[0]].filter((s): s is string => Boolean(s));
  const shortDescription = fitSentences(lead, limits.shortDescription, f.join);

  // Say in the facts paragraph only what the description has not said already.
  const sayMaterial =
    materials && !mentions(product.description, materials) ? lowerFirst(materials) : undefined;
  const sayColours = colours && !mentions(product.description, colours) ? lowerFirst(colours) : undefined;
  const facts = [
    sayMaterial && sayColours
      ? f.madeOfAndComesIn(sayMaterial, sayColours)
      : sayMaterial
        ? f.madeOf(sayMaterial)
        : sayColours
          ? f.comesIn(sayColours)
          : undefined,
    f.statesAge(product.description) ? undefined : ages,
  ].filter((s): s is string => Boolean(s));
  const paragraphs = [
    [f.opener(tone, named, brand), ...description].join(f.join),
    facts.join(f.join),
    category ? f.range(category) : '',
  ].filter(Boolean);
  const longDescription = fitParagraphs(paragraphs, limits.longDescription, f);

  const bullets: string[] = [];
  if (materials) bullets.push(f.materialBullet(lowerFirst(materials)));
  if (colours) bullets.push(f.colourBullet(lowerFirst(colours)));
  const ageBullet = f.ageBullet(product.ageMinMonths, product.ageMaxMonths);
  if (ageBullet) bullets.push(ageBullet);
  for (const s of description.slice(1)) {
    const bullet = s.replace(/[.!。！]$/, '');
    if ([...bullet].length <= limits.bullet) bullets.push(bullet);
  }
  for (const [k, v] of Object.entries(product.attributes)) {
    const key = k.toLowerCase().trim();
    if (QUIET_KEYS.has(key) || f.materialKeys.includes(key) || f.colourKeys.includes(key) || !v.trim())
      continue;
    bullets.push(fit(f.attributeBullet(k, v.trim()), limits.bullet));
  }
  if (bullets.length === 0 && description[0])
    bullets.push(fit(description[0].replace(/[.!。！]$/, ''), limits.bullet));
  if (bullets.length === 0) bullets.push(fit(title, limits.bullet));

  const fullTitle = f.by(title, brand);
  const seoCandidate = brand && !namesBrand(title, brand) ? `${named} | ${brand}` : named;
  const copy: CopyText = {
    title: fit(fullTitle, limits.title, false),
    shortDescription,
    longDescription: longDescription || shortDescription,
    bullets: bullets.slice(0, limits.bullets),
    seoTitle: [...seoCandidate].length <= limits.seoTitle ? seoCandidate : fit(named, limits.seoTitle, false),
    metaDescription: fitSentences(f.sentences(shortDescription), limits.metaDescription, f.join),
  };
  return { copy, language, degradedReason };
}
