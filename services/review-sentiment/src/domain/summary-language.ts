// Which language a review summary is written in: the request's locale, or the shop's default when
// the request names none. The local tier writes English and Simplified Chinese; any other locale
// gets the English text marked degraded with UNSUPPORTED_LANGUAGE, never a pretend translation.
import {
  isLocalLanguage,
  primaryLanguage,
  UNSUPPORTED_LANGUAGE,
  type LocalLanguage,
} from '@shopmind/vocabulary';

export interface SummaryLanguage {
  /** The language the summary text is written in. */
  language: LocalLanguage;
  /** Set when that is not the language asked for. */
  degradedReason?: string;
}

/** Chinese locales written in Traditional characters: they get Simplified text, marked degraded. */
const TRADITIONAL = /^zh(-hant|-tw|-hk|-mo)(-|$)/i;

export function summaryLanguageFor(locale: string, shopDefault: string): SummaryLanguage {
  const asked = locale || shopDefault;
  const language = primaryLanguage(asked);
  if (!isLocalLanguage(language)) return { language: 'en', degradedReason: UNSUPPORTED_LANGUAGE };
  if (language === 'zh' && TRADITIONAL.test(asked)) return { language, degradedReason: UNSUPPORTED_LANGUAGE };
  return { language };
}
