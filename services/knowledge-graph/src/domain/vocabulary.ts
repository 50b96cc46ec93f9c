// The local extractor's lexicons: canonical names per node type and the surface forms that mean
// them. Canonical names are what the graph stores; matching is on normalised text. Materials,
// colours and audiences are the shared vocabularies of @shopmind/vocabulary (English) with this
// service's additions; the rest is this service's own. The words live in ../../data/.

import { DataFolder, type Lexicon, loadVocabulary, Vocabulary } from '@shopmind/vocabulary';

export type { Lexicon };

const data = DataFolder.beside(import.meta.url, '../../data');

/** Kinds of wood are "wood" in the graph (the faithfulness checker keeps "beech" and "oak" apart). */
export const MATERIALS: Lexicon = loadVocabulary('materials', ['en'], { extendedFrom: data })
  .foldedInto(data.lexicon('material-kinds.json'))
  .toLexicon();

/** Materials whose word is too ambiguous in running text ("felt", "down", "paper") to match there. */
export const ATTRIBUTE_ONLY_MATERIALS: ReadonlySet<string> = new Set(
  data.words('en/attribute-only-materials.json'),
);

/** Colour words as a title may end with them ("Running Shoes, White/Red"). */
export const COLOURS: readonly string[] = Object.values(
  loadVocabulary('colours', ['en'], { extendedFrom: data }).toLexicon(),
).flat();
export const COLOUR_MODIFIERS: readonly string[] = data.words('en/colour-modifiers.json');

export const FEATURES: Lexicon = data.lexicon('en/features.json');

export const AUDIENCES: Lexicon = loadVocabulary('audiences', ['en'], { extendedFrom: data }).toLexicon();

/** Phrases containing an audience word that do not name who the product is for. */
export const AUDIENCE_STOP_PHRASES: readonly string[] = data.words('en/audience-stop-phrases.json');

export const OCCASIONS: Lexicon = data.lexicon('en/occasions.json');

// The lookup tables are Maps: a plain object would also answer for the names every object inherits
// ("constructor", "toString", "__proto__"), so a brand called Constructor came out as the text of
// Object's constructor function.

/** Surface forms of required things that should resolve to one canonical name. */
export const REQUIREMENT_ALIASES: ReadonlyMap<string, string> = data.wordMap('en/requirement-aliases.json');

/** Brand aliases beyond what suffix stripping resolves. Keys and values are normalised. */
export const BRAND_ALIASES: ReadonlyMap<string, string> = data.wordMap('brand-aliases.json');

/** Company-form words removed from the end of a brand ("Inc.", "GmbH", "Group"). */
export const CORPORATE_SUFFIXES: readonly string[] = data.words('corporate-suffixes.json');

/**
 * What the Chinese reader (issue 18) matches: the shared vocabularies in English and Chinese with
 * this service's additions in both, and the service's own Chinese files in data/zh/. English forms
 * stay in, since Chinese shop text mixes in Latin words ("ABS", "GPS", "Type-C"). Canonical names
 * are the English ones, so a Chinese product's facts meet an English one's in the graph.
 */
export const ZH = {
  materials: loadVocabulary('materials', ['en', 'zh'], { extendedFrom: data })
    .foldedInto(data.lexicon('material-kinds.json'))
    .toLexicon(),
  /** Single characters (棉, 竹) that name a material only as a whole attribute value ("100%棉"). */
  attributeOnlyMaterials: data.lexicon('zh/attribute-only-materials.json'),
  colours: loadVocabulary('colours', ['en', 'zh'], { extendedFrom: data }).toLexicon(),
  /** Single characters (灰, 绿) naming a colour family as the head of a colour word (石墨灰). */
  colourHeads: data.lexicon('zh/colour-heads.json'),
  audiences: loadVocabulary('audiences', ['en', 'zh'], { extendedFrom: data }).toLexicon(),
  audienceStopPhrases: data.words('zh/audience-stop-phrases.json'),
  features: Vocabulary.fromLexicons(
    data.lexicon('en/features.json'),
    data.lexicon('zh/features.json'),
  ).toLexicon(),
  featureStopPhrases: data.words('zh/feature-stop-phrases.json'),
  /** Appliances a product may go into ("可放入洗碗机" → dishwasher safe), read with a cue word. */
  applianceFeatures: data.lexicon('zh/appliance-features.json'),
  occasions: Vocabulary.fromLexicons(
    data.lexicon('en/occasions.json'),
    data.lexicon('zh/occasions.json'),
  ).toLexicon(),
  requirements: data.lexicon('zh/requirements.json'),
  batteries: data.lexicon('zh/batteries.json'),
  compatibleAliases: data.lexicon('zh/compatible-aliases.json'),
  brandAliases: data.lexicon('zh/brand-aliases.json'),
  categories: data.lexicon('zh/categories.json'),
  attributeKeys: data.lexicon('zh/attribute-keys.json'),
  negation: data.lexicon('zh/negation.json'),
  materialNotFollowedBy: data.words('zh/material-not-followed-by.json'),
} as const;
