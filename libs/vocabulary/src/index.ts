// @shopmind/vocabulary — the product vocabularies (materials, colours, audiences) that more than one
// service reads, kept once as data files with the code that loads and matches them, and the language
// tools every service's local tier shares (detection, Chinese numerals, word segmentation).
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
export { detectLanguage, type LanguageGuess } from './language/detect-language.js';
export { CHINESE_NUMBER_SOURCE, parseChineseNumber } from './language/chinese-numerals.js';
export {
  isLocalLanguage,
  languageOfText,
  LOCAL_LANGUAGES,
  type LocalLanguage,
  primaryLanguage,
  UNSUPPORTED_LANGUAGE,
} from './language/local-languages.js';
export { segmentWords } from './language/segment-words.js';
export {
  CHINESE_INSTRUCTION_CUES,
  chineseInstructionCues,
  type ChineseInstructionCues,
  chineseInstructionGrammar,
  type ChineseInstructionGrammar,
  type ChineseInstructionOptions,
} from './language/chinese-instructions.js';
export {
  Glossary,
  GLOSSARY_LANGUAGES,
  type GlossaryLanguage,
  type GlossaryWord,
  loadGlossary,
  type LookupOptions,
} from './glossary/glossary.js';
