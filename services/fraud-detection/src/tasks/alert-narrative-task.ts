// The analyst narrative on fraud alerts: a short explanation of why an order was flagged and what
// to check. Only scores, reason codes and amounts go to the model — no identifiers or customer text.
// The local implementation writes the same from a template, so alerts read well with no LLM.
import { defineTask } from '@shopmind/llm-gateway';
import { z } from 'zod';

export interface AlertNarrativeInput {
  score: number;
  decision: 'approve' | 'review' | 'decline';
  amount: number;
  currency: string;
  categories: string[];
  reasons: { code: string; description: string; value: number; contribution: number }[];
}

const output = z.object({
  narrative: z.string().min(1).max(2000),
  checks: z.array(z.string().min(1).max(200)).max(5),
});
export type AlertNarrativeOutput = z.infer<typeof output>;

const CHECKS: Record<string, string> = {
  card_testing: 'Block the device and IP; review the other cards tried from them.',
  chargebacks: 'Look at the earlier chargeback on the shared card, device or address.',
  reshipper: 'Confirm whether the shipping address is a freight forwarder.',
  card_country_mismatch: 'Compare the card issuer country with the billing and shipping addresses.',
  billing_shipping_mismatch: 'Ask the customer to confirm the shipping address.',
  gift_card: 'Hold gift-card fulfilment until payment is confirmed.',
  new_account: 'Check the account’s sign-up details and e-mail verification.',
  user_cards_24h: 'Review every card this account used today.',
  deny_list: 'The entity is deny-listed: confirm the listing is still current.',
};

function localNarrative(input: AlertNarrativeInput): AlertNarrativeOutput {
  const top = input.reasons.slice(0, 3).map((r) => r.description);
  const narrative =
    `Order of ${input.amount.toFixed(2)} ${input.currency}${input.categories.length ? ` (${input.categories.slice(0, 3).join(', ')})` : ''} ` +
    `scored ${(input.score * 100).toFixed(0)} / 100 and was set to ${input.decision}. ` +
    (top.length
      ? `Main reasons: ${top.join('; ')}.`
      : 'No single reason dominates; the model’s combined signals are high.');
  const keyOf = (code: string): string =>
    code.startsWith('deny_list:') ? 'deny_list' : (code.split(':')[1] ?? '');
  const checks = [
    ...new Set(input.reasons.map((r) => CHECKS[keyOf(r.code)]).filter((c): c is string => Boolean(c))),
  ].slice(0, 5);
  return { narrative, checks };
}

export const alertNarrativeTask = defineTask<AlertNarrativeInput, AlertNarrativeOutput>({
  name: 'fraud.alert_narrative',
  version: '1',
  buildPrompt: (input) => ({
    system:
      'You assist fraud analysts of an online shop. You receive a fraud score, the decision and the reasons a scoring system gave. ' +
      'Explain in two to four plain sentences why the order was flagged, most important reason first, without inventing facts, ' +
      'and list up to five concrete checks an analyst should do.',
    data: { ...input, reasons: input.reasons.slice(0, 8) },
    instructions: 'Answer with the narrative and the checks for this alert.',
  }),
  output,
  modelPreferences: { temperature: 0.2, maxOutputTokens: 400 },
  cacheTtlSeconds: 86_400,
  onUnavailable: 'fallback',
  local: localNarrative,
});
