// The LLM task that writes product copy. Its output schema is built per product: besides the
// shape, it demands the channel's length limits and passes the faithfulness checker, so the
// gateway's single repair shows the model exactly which facts it made up, and an answer that
// still invents something falls through to the local writer.

import { defineTask, type LlmTask } from '@shopmind/llm-gateway';
import type { CopyProduct } from '../domain/copy-product.js';
import {
  CHANNEL_LIMITS,
  type ChannelLimits,
  type CopyRequest,
  type CopyText,
  copyTextSchema,
  lengthViolations,
} from '../domain/copy-text.js';
import { checkFaithfulness } from '../domain/faithfulness-checker.js';
import { writeLocalCopy } from './local-copy-writer.js';

export const COPY_PROMPT_VERSION = 'copy-v1';

export interface CopyTaskInput {
  product: {
    title: string;
    brand: string;
    category_path: string[];
    description: string;
    attributes: Record<string, string>;
    age_min_months?: number;
    age_max_months?: number;
    language: string;
  };
  locale: string;
  tone: string;
  channel: string;
  limits: ChannelLimits;
}

export function copyTaskInput(product: CopyProduct, request: CopyRequest): CopyTaskInput {
  return {
    product: {
      title: product.title,
      brand: product.brand,
      category_path: product.categoryPath,
      description: product.description,
      attributes: product.attributes,
      age_min_months: product.ageMinMonths,
      age_max_months: product.ageMaxMonths,
      language: product.language,
    },
    locale: request.locale,
    tone: request.tone,
    channel: request.channel,
    limits: CHANNEL_LIMITS[request.channel],
  };
}

const SYSTEM = `You write product copy for an online shop: a title, a short description, a long description,
bullet points, an SEO title and a meta description. Write for shoppers, in natural sentences, never as
"Field: value" lists of the data. Every number, measurement, material, colour, age, audience and claim
must come from the product data; do not add prices, certifications, awards, safety or care claims,
superlatives or compatibility the data does not state. Respect every length limit (characters).`;

/** Local copy that has passed the checker: sentences that would fail it are left out. */
export function faithfulLocalCopy(product: CopyProduct, request: CopyRequest): CopyText {
  const { copy } = writeLocalCopy(product, request);
  if (checkFaithfulness(product, copy).passed) return copy;
  const ok = (text: string): boolean =>
    checkFaithfulness(product, {
      title: text,
      shortDescription: text,
      longDescription: text,
      bullets: [text],
      seoTitle: text,
      metaDescription: text,
    }).passed;
  const keep = (text: string): string =>
    text
      .split(/(?<=[.!?])\s+/)
      .filter(ok)
      .join(' ') || product.title;
  return {
    title: ok(copy.title) ? copy.title : product.title,
    shortDescription: keep(copy.shortDescription),
    longDescription: keep(copy.longDescription),
    bullets: copy.bullets.filter(ok).length ? copy.bullets.filter(ok) : [product.title],
    seoTitle: ok(copy.seoTitle)
      ? copy.seoTitle
      : product.title.slice(0, CHANNEL_LIMITS[request.channel].seoTitle),
    metaDescription: keep(copy.metaDescription),
  };
}

export function copyWritingTask(
  product: CopyProduct,
  request: CopyRequest,
): LlmTask<CopyTaskInput, CopyText> {
  const limits = CHANNEL_LIMITS[request.channel];
  const faithfulCopy = copyTextSchema.superRefine((copy, ctx) => {
    for (const v of lengthViolations(copy, limits))
      ctx.addIssue({ code: 'custom', message: `too long: ${v}` });
    const check = checkFaithfulness(product, copy);
    if (!check.passed)
      ctx.addIssue({
        code: 'custom',
        message: `unsupported facts (not in the product data): ${check.unsupportedFacts.join('; ')}`,
      });
  });
  return defineTask<CopyTaskInput, CopyText>({
    name: 'copy.write',
    version: COPY_PROMPT_VERSION,
    output: faithfulCopy,
    cacheTtlSeconds: 30 * 24 * 3600,
    onUnavailable: 'fallback',
    modelPreferences: { temperature: 0.4, maxOutputTokens: 1500 },
    buildPrompt: (input) => ({
      system: SYSTEM,
      data: input.product,
      instructions:
        `Write the copy for the product in the data block in locale ${input.locale}, in a ${input.tone} brand voice, ` +
        `for the ${input.channel} channel. Length limits in characters: ${JSON.stringify(input.limits)} ` +
        '(bullets = maximum number of bullets, bullet = maximum length of each).',
    }),
    local: () => faithfulLocalCopy(product, request),
  });
}
