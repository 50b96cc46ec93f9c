// The languages the local tier (what answers with no LLM provider) understands, and how a text is
// assigned one. A text in any other language is never analysed as English: the services send it to
// the LLM path or mark the local answer degraded with UNSUPPORTED_LANGUAGE.
import { detectLanguage } from './detect-language.js';

export const LOCAL_LANGUAGES = ['en', 'zh'] as const;
export type LocalLanguage = (typeof LOCAL_LANGUAGES)[number];

/** The `degraded_reason` of a local answer to a text in a language no local model covers. */
export const UNSUPPORTED_LANGUAGE = 'unsupported_language';

export function isLocalLanguage(language: string): language is LocalLanguage {
  return (LOCAL_LANGUAGES as readonly string[]).includes(language);
}

/** The primary subtag of a BCP 47 tag, lower case: "zh-Hans-CN" → "zh". */
export function primaryLanguage(tag: string | undefined): string {
  return (tag ?? '').split(/[-_]/)[0]!.toLowerCase();
}

/**
 * The language of `text`: what the text itself shows, or the declared one (a BCP 47 tag such as
 * the event's `language` or a request locale) when the text is too short or has no letters to tell;
 * `fallback` when neither says anything ("!!! 10/10").
 */
export function languageOfText(text: string, declared?: string, fallback = 'und'): string {
  const guess = detectLanguage(text);
  const hint = primaryLanguage(declared);
  if (guess.language === 'und') return hint || fallback;
  // A script is unmistakable (confidence ≥ 0.5); function words in a short Latin text are weak
  // evidence, and then the declared language breaks the tie.
  if (hint && guess.confidence < 0.3) return hint;
  return guess.language;
}
