// The shared vocabularies, one data file per vocabulary and language (data/<language>/<name>.json),
// optionally extended by a service's own files laid out the same way.
import { DataFolder } from './data-folder.js';
import { Vocabulary } from './vocabulary.js';

export const LANGUAGES = ['en', 'de', 'zh'] as const;
export type Language = (typeof LANGUAGES)[number];

export const VOCABULARY_NAMES = ['materials', 'colours', 'audiences'] as const;
export type VocabularyName = (typeof VOCABULARY_NAMES)[number];

let shared: DataFolder | undefined;

/** The lib's own data folder (libs/vocabulary/data). */
export function sharedData(): DataFolder {
  shared ??= DataFolder.beside(import.meta.url, '../data');
  return shared;
}

export interface LoadOptions {
  /**
   * A service's data folder: its `<language>/<name>.json` files, where present, add forms and
   * concepts that only that service uses.
   */
  extendedFrom?: DataFolder;
}

/**
 * A vocabulary in the given languages, in their order. The English file names every concept; another
 * language gives surface forms for some of them. The service's extensions come after the lib's files.
 */
export function loadVocabulary(
  name: VocabularyName,
  languages: readonly Language[],
  options: LoadOptions = {},
): Vocabulary {
  const files = languages.map((language) => sharedData().lexicon(`${language}/${name}.json`));
  const extension = options.extendedFrom;
  if (extension)
    for (const language of languages)
      if (extension.has(`${language}/${name}.json`))
        files.push(extension.lexicon(`${language}/${name}.json`));
  return Vocabulary.fromLexicons(...files);
}
