// The copy a generator produces (LLM or local), before it becomes a contract message.

import { z } from 'zod';

export const COPY_CHANNELS = ['web', 'marketplace', 'mobile_app', 'social', 'email'] as const;
export type CopyChannelName = (typeof COPY_CHANNELS)[number];

/** Which variant of a product's copy to write. */
export interface CopyRequest {
  locale: string;
  tone: string;
  channel: CopyChannelName;
}

export const copyTextSchema = z.object({
  title: z.string().min(1),
  shortDescription: z.string().min(1),
  longDescription: z.string().min(1),
  bullets: z.array(z.string().min(1)).min(1).max(10),
  seoTitle: z.string().min(1),
  metaDescription: z.string().min(1),
});
export type CopyText = z.infer<typeof copyTextSchema>;

export interface ChannelLimits {
  title: number;
  shortDescription: number;
  longDescription: number;
  bullets: number;
  bullet: number;
  seoTitle: number;
  metaDescription: number;
}

/** Length limits in characters per channel (marketplace limits follow the strictest big marketplaces). */
export const CHANNEL_LIMITS: Record<CopyChannelName, ChannelLimits> = {
  web: {
    title: 150,
    shortDescription: 320,
    longDescription: 2000,
    bullets: 6,
    bullet: 200,
    seoTitle: 60,
    metaDescription: 160,
  },
  marketplace: {
    title: 80,
    shortDescription: 250,
    longDescription: 2000,
    bullets: 5,
    bullet: 255,
    seoTitle: 60,
    metaDescription: 160,
  },
  mobile_app: {
    title: 60,
    shortDescription: 160,
    longDescription: 800,
    bullets: 4,
    bullet: 120,
    seoTitle: 60,
    metaDescription: 155,
  },
  social: {
    title: 60,
    shortDescription: 200,
    longDescription: 500,
    bullets: 3,
    bullet: 100,
    seoTitle: 60,
    metaDescription: 155,
  },
  email: {
    title: 80,
    shortDescription: 200,
    longDescription: 700,
    bullets: 4,
    bullet: 140,
    seoTitle: 60,
    metaDescription: 155,
  },
};

/** The fields that are longer than the channel allows, e.g. ["seoTitle 72 > 60"]. */
export function lengthViolations(copy: CopyText, limits: ChannelLimits): string[] {
  const out: string[] = [];
  const check = (name: string, value: string, max: number): void => {
    if ([...value].length > max) out.push(`${name} ${[...value].length} > ${max}`);
  };
  check('title', copy.title, limits.title);
  check('shortDescription', copy.shortDescription, limits.shortDescription);
  check('longDescription', copy.longDescription, limits.longDescription);
  check('seoTitle', copy.seoTitle, limits.seoTitle);
  check('metaDescription', copy.metaDescription, limits.metaDescription);
  if (copy.bullets.length > limits.bullets) out.push(`bullets ${copy.bullets.length} > ${limits.bullets}`);
  copy.bullets.forEach((b, i) => check(`bullets[${i}]`, b, limits.bullet));
  return out;
}
