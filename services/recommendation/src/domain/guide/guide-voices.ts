// Which voice answers: Chinese for a conversation in Chinese, English for every other.
import { ENGLISH_VOICE } from './guide-replies.js';
import { CHINESE_VOICE } from './guide-replies-zh.js';
import type { GuideLanguage, GuideVoice } from './guide-voice.js';

export const voiceFor = (language: GuideLanguage | undefined): GuideVoice =>
  language === 'zh' ? CHINESE_VOICE : ENGLISH_VOICE;
