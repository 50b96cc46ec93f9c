// The LLM task that reads one shopper message of the shopping guide into slots (structured output
// in GuideProfile's vocabulary); its local implementation is the rule-and-lexicon extractor.
import { defineTask, type LlmTask } from '@shopmind/llm-gateway';
import { CONSTRAINTS, OCCASIONS, RECIPIENTS, type GuideProfile } from '../../domain/guide/guide-profile.js';
import { interestKey, interestName } from '../../domain/guide/interest-key.js';
import { priceOf } from '../../domain/guide/money.js';
import { guideSlotsSchema, type GuideSlotsInput, type GuideSlotsOutput } from './guide-slots-schema.js';
import { extractSlotsLocally } from './local-slot-extractor.js';

export const GUIDE_SLOTS_PROMPT_VERSION = 'guide-slots-v1';

const quoted = (values: readonly string[]): string => values.map((v) => `"${v}"`).join(', ');

const SYSTEM = `You read one message of a shopper talking to an online shop's gift guide and fill in the slots the
message states about who the purchase is for. Fill a slot only when the message states it; otherwise null or [].
- ageMonths: the recipient's age in months ("4 year old" = 48, "18 months" = 18, "two and a half" = 30,
  "turning 7" = 84). "Turning N" and "N-th birthday" also state the occasion "birthday".
- recipient: who the gift is for, as their relation to the shopper, one of ${quoted(RECIPIENTS)}.
  "My friend's daughter" is none of them (null); "my sister's baby shower" is "sister".
- occasion: one of ${quoted(OCCASIONS)}.
- constraints: any of ${quoted(CONSTRAINTS)} ("battery-free" = "no batteries", "made of wood" = "wooden",
  "sustainable" = "eco-friendly", "nothing too loud" = "quiet").
- interests: what the recipient likes, or the kind of product asked for, each a lower-case singular English noun
  ("dinosaur", "lego", "board game", "harry potter"); an adjective becomes its noun ("musical" = "music"), an
  activity its -ing noun ("loves to draw" = "drawing"). Never a material or property (those are constraints),
  never a generic word (gift, present, toy, something, idea), never something the recipient does not like.
- budgetMin / budgetMax: amounts in major units with an ISO 4217 currency ("€"/"euro" = EUR, "£"/"pound"/"quid" = GBP,
  "$"/"dollar"/"bucks" = USD, "¥"/"元"/"块"/"RMB"/"yuan" = CNY). "around / about / under / up to / max X" = budgetMax X;
  "between X and Y", "X-Y" = budgetMin X and budgetMax Y; "at least X" = budgetMin X. A number without any
  currency or budget word is not a budget.
Slot values are English whatever language the message is in.`;

export function guideSlotsTask(): LlmTask<GuideSlotsInput, GuideSlotsOutput> {
  return defineTask<GuideSlotsInput, GuideSlotsOutput>({
    name: 'recommendation.guide_slots',
    version: GUIDE_SLOTS_PROMPT_VERSION,
    output: guideSlotsSchema,
    cacheTtlSeconds: 7 * 24 * 3600,
    // The answer depends only on the message, the currency and the question asked, all in the input.
    shareable: true,
    // A shopper is waiting: never defer, answer locally.
    onUnavailable: 'fallback',
    modelPreferences: { temperature: 0, maxOutputTokens: 300 },
    buildPrompt: (input) => ({
      system: SYSTEM,
      data: { message: input.text },
      instructions:
        `Fill the slots the message in the data block states. An amount without a currency is in ${input.defaultCurrency}.` +
        (input.expecting
          ? ` The guide has just asked about "${input.expecting}", so a bare answer (such as a number) answers that.`
          : ''),
    }),
    local: extractSlotsLocally,
  });
}

/** The task's answer as the guide's profile type: interests in their compared form, amounts in minor units. */
export function slotsOf(output: GuideSlotsOutput): GuideProfile {
  const interests: string[] = [];
  for (const name of output.interests.map(interestName))
    if (name && !interests.some((i) => interestKey(i) === interestKey(name))) interests.push(name);
  return {
    ...(output.ageMonths !== null ? { ageMonths: output.ageMonths } : {}),
    ...(output.recipient !== null ? { recipient: output.recipient } : {}),
    ...(output.occasion !== null ? { occasion: output.occasion } : {}),
    ...(output.budgetMin ? { budgetMin: priceOf(output.budgetMin.currency, output.budgetMin.amount) } : {}),
    ...(output.budgetMax ? { budgetMax: priceOf(output.budgetMax.currency, output.budgetMax.amount) } : {}),
    interests,
    constraints: [...new Set(output.constraints)],
  };
}
