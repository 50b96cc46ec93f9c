// Review text is data, not orders. Sentences that address a model ("ignore previous instructions",
// "SYSTEM: …", "rate this review positive") are dropped before scoring, so they cannot move the
// result beyond what the rest of the review says.

import { chineseInstructionGrammar } from '@shopmind/vocabulary';

const INSTRUCTION_PATTERNS: readonly RegExp[] = [
  // "Ignore previous instructions", "disregard all rules" — but not "I ignored the instructions".
  /\b(ignore|disregard|forget|override|bypass)\b(\s+\w+){0,2}?\s+(previous|prior|above|all|any|earlier|system|your|these|those|the above)\s+(\w+\s+)?(instructions?|rules|prompts?|guidelines|directions|context)\b/i,
  /^\s*[[(<{]?\s*(system|assistant|developer|user|admin|instruction|prompt)\s*[\])>}]?\s*:/i,
  /^\s*(please\s+)?(rate|classify|mark|label|score|tag|treat|output|respond|answer|return|say)\b[^.!?]{0,40}\b(positive|negative|neutral|sentiment|stars?|label)\b/i,
  /\b(this|the) (review|text|comment) (is|should be|must be) (labell?ed |classified |marked |rated )?(as )?(positive|negative|neutral)\b/i,
  /\byou (are|must|should|will) (now )?(an? )?(ai|assistant|model|language model|chatbot|classifier|obey|ignore|rate|classify|output)\b/i,
  /\b(sentiment|polarity|label)\s*[:=]\s*(positive|negative|neutral|1|0)\b/i,
  /<\/?(system|instructions?|prompt)>/i,
];

// Chinese sentences (any with Han characters; the patterns need them, so English sentences are
// judged as before). A clause — up to ，。！？； — that disregards the model's rules, gives it a
// role, asks for its prompt, speaks as the system or dictates the label makes its sentence an
// instruction; so does a sentence opening with a role marker (系统：, 【系统】) or holding a tag.
// The cue words and the clause grammar are @shopmind/vocabulary's, shared with customer-service.
const HAN = /\p{Script=Han}/u;
const ZH = chineseInstructionGrammar({ lineBreakEndsClause: false });
/** A sentence opening with a role marker, bracketed (【系统】) or followed by a colon (系统：). */
const ZH_MARKER = new RegExp(
  `^\\s*[（(]?\\s*(?:[【\\[(（<{]\\s*(?:${ZH.roleMarkSource})\\s*[】\\])）>}]|(?:${ZH.roleMarkSource})(?:指令|命令)?\\s*[：:])`,
  'iu',
);
const ZH_TAG = new RegExp(ZH.tagSource, 'iu');

function isChineseInstruction(sentence: string): boolean {
  if (ZH_MARKER.test(sentence) || ZH_TAG.test(sentence)) return true;
  return ZH.clauses(sentence).some((clause) => ZH.chineseInstructionClause(clause));
}

export function isInstructionToModel(sentence: string): boolean {
  return (
    INSTRUCTION_PATTERNS.some((p) => p.test(sentence)) ||
    (HAN.test(sentence) && isChineseInstruction(sentence))
  );
}

/** A Chinese sentence with its closing punctuation (。！？ or a line break). */
const ZH_SENTENCE = /[^。！？!?\n]+[。！？!?\n]*|[。！？!?\n]+/gu;

/**
 * A Chinese review with every sentence that is an instruction to the model blanked out (spaces of
 * the same length, so offsets into the text stay right): what the Chinese reader scores.
 */
export function withoutInstructions(text: string): string {
  if (!HAN.test(text)) return text;
  return (text.match(ZH_SENTENCE) ?? [])
    .map((sentence) => (isInstructionToModel(sentence) ? ' '.repeat(sentence.length) : sentence))
    .join('');
}
