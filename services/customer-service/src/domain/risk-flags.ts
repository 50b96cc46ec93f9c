// Signals in a message that decide a hand-over whatever its intent: a legal threat, a safety hazard,
// an explicit request for a person. Word lists, because each is a matter of naming (lawyer, fire,
// manager), and a miss only costs the urgency: the intent and sentiment still apply.

export interface RiskFlags {
  readonly legalThreat: boolean;
  readonly safetyHazard: boolean;
  readonly humanRequested: boolean;
}

const LEGAL =
  /\b(lawyers?|solicitors?|attorneys?|sue|suing|lawsuit|legal action|court|small claims|trading standards|consumer (protection|rights|ombudsman)|ombudsman|report you to)\b/i;
const SAFETY =
  /\b(fire|caught fire|flames?|smok(e|es|ed|ing)|sparks?|sparked|sparking|explod(e|ed|ing)|burn(t|ed|s|ing)?|electric shock|shocked me|overheat(s|ed|ing)?|melt(ed|ing)?|chok(e|ed|ing)|swallow(ed)?|injur(y|ed|ies)|hurt|bleeding|cut (his|her|my|their)|rash|allergic reaction|toxic|poison(ed|ous)?|dangerous|hazard)\b/i;
const HUMAN =
  /\b(speak|talk|chat)\s+(to|with)\s+(a|an|some|the|your|real|actual)?\s*(real |actual |live )?(human|person|people|agent|someone|somebody|manager|supervisor|representative|operator|staff|employee)\b|\b(real|live|human|actual) (person|agent|human|being)\b|\b(get|connect|transfer|put) me (to|through to|with)?\s*(a |an |your )?(human|person|agent|manager|supervisor|someone|representative|operator)\b|\bcall me back\b/i;

// The same signals in Chinese (no word boundaries: the names are specific enough as characters).
const LEGAL_ZH = /律师|起诉|告你们|法院|打官司|法律途径|12315|消协|消费者协会|工商局|市场监管/;
const SAFETY_ZH =
  /起火|着火|冒烟|冒火花|火花|爆炸|炸了|烫伤|烧伤|烧焦|漏电|触电|过热|发烫|融化|熔化|窒息|噎|吞下|吞了|误吞|受伤|割伤|流血|过敏|皮疹|有毒|中毒|危险|安全隐患/;
const HUMAN_ZH = /转人工|人工客服|人工服务|真人|找人工|要人工|接人工|经理|主管|负责人|回个?电话|打电话给我/;

export function detectRiskFlags(text: string): RiskFlags {
  return {
    legalThreat: LEGAL.test(text) || LEGAL_ZH.test(text),
    safetyHazard: SAFETY.test(text) || SAFETY_ZH.test(text),
    humanRequested: HUMAN.test(text) || HUMAN_ZH.test(text),
  };
}
