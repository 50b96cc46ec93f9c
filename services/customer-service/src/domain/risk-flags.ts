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

export function detectRiskFlags(text: string): RiskFlags {
  return { legalThreat: LEGAL.test(text), safetyHazard: SAFETY.test(text), humanRequested: HUMAN.test(text) };
}
