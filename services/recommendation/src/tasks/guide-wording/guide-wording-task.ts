// The LLM task that words the guide's answer more naturally: the same question or the same picks,
// in a friendlier sentence or two. It never decides anything: the picks, their order and the
// question are fixed before it runs, and an answer that drops a pick's title is not used (the
// templated text is). Its local implementation is the templated text itself.
import { defineTask, type LlmTask } from '@shopmind/llm-gateway';
import { z } from 'zod';

export const GUIDE_WORDING_PROMPT_VERSION = 'guide-wording-v2';

export interface GuideWordingInput {
  /** The guide's templated answer: a question, the picks with a sentence each, or a relaxation offer. */
  text: string;
  /** The titles of the products recommended, in order (empty when the answer is no recommendation). */
  titles: string[];
}

export const guideWordingSchema = z.object({ text: z.string().min(1).max(3000) });
export type GuideWordingOutput = z.infer<typeof guideWordingSchema>;

const SYSTEM = `You are the voice of an online shop's gift guide. You get the guide's answer to a shopper, already
decided, and say the same thing warmly and plainly in the answer's own language (English, Simplified Chinese,
…): at most one short sentence before and after it.
Keep every product title exactly as written and in the same order, keep every price, age and number, and
keep a question a question. Never add products, prices, discounts, safety claims or promises, and never
remove a product. Answer only with the reworded text.`;

export function guideWordingTask(): LlmTask<GuideWordingInput, GuideWordingOutput> {
  return defineTask<GuideWordingInput, GuideWordingOutput>({
    name: 'recommendation.guide_wording',
    version: GUIDE_WORDING_PROMPT_VERSION,
    output: guideWordingSchema,
    cacheTtlSeconds: 24 * 3600,
    // The text holds product titles and the slots' values, nothing about who is asking.
    shareable: true,
    onUnavailable: 'fallback',
    modelPreferences: { temperature: 0.3, maxOutputTokens: 500 },
    buildPrompt: (input) => ({
      system: SYSTEM,
      data: { answer: input.text, titles: input.titles },
      instructions: 'Reword the answer in the data block; keep every title listed there.',
    }),
    local: (input) => ({ text: input.text }),
  });
}

/** The worded text when it kept every title, else the templated one. */
export function wordingOrTemplate(worded: string, input: GuideWordingInput): string {
  const lower = worded.toLowerCase();
  return input.titles.every((t) => lower.includes(t.toLowerCase())) ? worded : input.text;
}
