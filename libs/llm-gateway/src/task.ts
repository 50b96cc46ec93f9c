// A task is the unit the gateway runs: one prompt, one output schema, one local implementation.
import type { z } from 'zod';

/** What a task's prompt builder returns. Customer text goes in `data` only, never in `system`. */
export interface PromptParts {
  /** The task's own instructions to the model; must not contain customer text. */
  system: string;
  /** Customer-provided text (or a record of it); sent inside a delimited data block, redacted first. */
  data: string | Record<string, unknown>;
  /** What to do with the data, written by the task (not by the customer). */
  instructions: string;
}

export interface ModelPreferences {
  /** Model per provider name, overriding the provider's configured default. */
  byProvider?: Record<string, string>;
  temperature?: number;
  /** Upper bound for the answer, also used to estimate the budget reservation. */
  maxOutputTokens?: number;
}

export type OnUnavailable = 'fallback' | 'defer';

export interface LlmTask<I, O> {
  /** Stable name, e.g. 'review.sentiment'; part of cache keys, budgets and metrics. */
  name: string;
  /** Bump when the prompt changes: old cache entries stop matching. */
  version: string;
  buildPrompt(input: I): PromptParts;
  /** One schema: its JSON schema is sent as response_format, and it validates answers at run time. */
  output: z.ZodType<O>;
  modelPreferences?: ModelPreferences;
  /** How long a validated model answer is cached; 0 disables the cache for this task. */
  cacheTtlSeconds: number;
  /** True when answers do not depend on the tenant, so tenants may share cache entries. */
  shareable?: boolean;
  /** When every provider is rate-limited or its circuit is open: fall back to local, or ask the bus to redeliver later. */
  onUnavailable: OnUnavailable;
  /** Put redacted personal data back into the output (for tasks whose answer quotes the customer). */
  restoreRedactions?: boolean;
  /** What of the input identifies the answer (default: the whole input). */
  cacheInput?(input: I): unknown;
  /** Same schema, no network: lexicons, classifiers, templates. */
  local(input: I): O | Promise<O>;
}

/** Identity function that gives a task definition its types. */
export function defineTask<I, O>(task: LlmTask<I, O>): LlmTask<I, O> {
  return task;
}
