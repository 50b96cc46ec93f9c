// Entity resolution: one canonical name per real-world thing, so "Lego", "LEGO" and "The LEGO
// Group" become one Brand node, "Beech wood" and "oak" become Material "wood", "Puzzles" becomes
// Category "puzzle". Tenants can add aliases of their own.

import type { NodeType } from './ontology.js';
import { normalisePhrase, normaliseText } from './text-normalisation.js';
import {
  AUDIENCES,
  BRAND_ALIASES,
  CORPORATE_SUFFIXES,
  FEATURES,
  type Lexicon,
  MATERIALS,
  OCCASIONS,
  REQUIREMENT_ALIASES,
} from './vocabulary.js';

function reverseIndex(lexicon: Lexicon): Map<string, string> {
  const index = new Map<string, string>();
  for (const [canonical, forms] of Object.entries(lexicon)) {
    index.set(normaliseText(canonical), canonical);
    for (const form of forms) index.set(normaliseText(form), canonical);
  }
  return index;
}

const MATERIAL_INDEX = reverseIndex(MATERIALS);
const FEATURE_INDEX = reverseIndex(FEATURES);
const AUDIENCE_INDEX = reverseIndex(AUDIENCES);
const OCCASION_INDEX = reverseIndex(OCCASIONS);

export class EntityResolver {
  private readonly extraAliases: Map<string, string>;

  /** `aliases` maps "Type:surface form" to a canonical name, e.g. {"Brand:hasbro gaming": "hasbro"}. */
  constructor(aliases: Record<string, string> = {}) {
    this.extraAliases = new Map(
      Object.entries(aliases).map(([k, v]) => {
        const [type, ...rest] = k.split(':');
        return [`${type}:${normaliseText(rest.join(':'))}`, normaliseText(v)];
      }),
    );
  }

  /** The canonical name of a node, or '' when nothing is left after normalisation. */
  resolve(type: NodeType, surface: string): string {
    const text = normaliseText(surface);
    const custom = this.extraAliases.get(`${type}:${text}`);
    if (custom) return custom;
    switch (type) {
      case 'Brand':
        return resolveBrand(text);
      case 'Material':
        return (
          MATERIAL_INDEX.get(text) ??
          MATERIAL_INDEX.get(stripQualifiers(text)) ??
          normalisePhrase(stripQualifiers(text))
        );
      case 'Feature':
        return FEATURE_INDEX.get(text) ?? REQUIREMENT_ALIASES.get(text) ?? normalisePhrase(text);
      case 'Audience':
        return AUDIENCE_INDEX.get(text) ?? text;
      case 'Occasion':
        return OCCASION_INDEX.get(text) ?? text;
      case 'Color':
        return text;
      case 'Category':
      case 'Product':
      case 'Aspect':
      case 'AgeRange':
        return normalisePhrase(text);
    }
  }
}

/** Words that qualify a material without changing what it is ("100% organic cotton" is cotton). */
function stripQualifiers(text: string): string {
  return text
    .replace(/\b\d+(\.\d+)?\s?%\s*/g, '')
    .replace(
      /\b(pure|solid|premium|genuine|real|natural|recycled|organic|sustainable|sustainably sourced|fsc-certified|fsc certified|high-quality|high quality|food-grade|food grade|soft|thick)\b\s*/g,
      '',
    )
    .trim();
}

function resolveBrand(text: string): string {
  const aliased = BRAND_ALIASES.get(text);
  if (aliased) return aliased;
  const words = text.replace(/[.,]/g, ' ').split(/\s+/).filter(Boolean);
  let strippedSuffix = false;
  while (words.length > 1 && CORPORATE_SUFFIXES.includes(words[words.length - 1])) {
    words.pop();
    strippedSuffix = true;
  }
  // "The LEGO Group" is the company behind "LEGO"; "The North Face" is the brand itself.
  if (strippedSuffix && words.length > 1 && words[0] === 'the') words.shift();
  const name = words.join(' ');
  return BRAND_ALIASES.get(name) ?? name;
}
