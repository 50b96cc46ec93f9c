// @shopmind/vocabulary — the product vocabularies (materials, colours, audiences) that more than one
// service reads, kept once as data files with the code that loads and matches them.
export { DataFolder } from './data-folder.js';
export {
  LANGUAGES,
  type Language,
  loadVocabulary,
  type LoadOptions,
  sharedData,
  VOCABULARY_NAMES,
  type VocabularyName,
} from './load-vocabulary.js';
export { type Concept, type Lexicon, normalisePhrase, Vocabulary } from './vocabulary.js';
