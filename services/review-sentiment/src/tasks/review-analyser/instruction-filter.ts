// Review text is data, not orders. Sentences that address a model ("ignore previous instructions",
// "SYSTEM: …", "rate this review positive") are dropped before scoring, so they cannot move the
// result beyond what the rest of the review says.

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

export function isInstructionToModel(sentence: string): boolean {
  return INSTRUCTION_PATTERNS.some((p) => p.test(sentence));
}
