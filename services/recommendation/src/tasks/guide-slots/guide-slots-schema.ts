// What the slot extraction task takes and answers: the slots one message states, in the closed
// vocabularies of GuideProfile, amounts in major units (the model's natural way to say them).
import { z } from 'zod';
import { CONSTRAINTS, OCCASIONS, RECIPIENTS, type Slot } from '../../domain/guide/guide-profile.js';

export interface GuideSlotsInput {
  /** One shopper message. */
  text: string;
  /** The tenant's catalogue currency: what an amount without a currency is in. */
  defaultCurrency: string;
  /** The slot the guide's last question asked for, so that a bare "5" can answer it. */
  expecting?: Slot | null;
}

const amount = z.object({
  currency: z.string().regex(/^[A-Z]{3}$/),
  amount: z.number().min(0).max(10_000_000),
});

export const guideSlotsSchema = z.object({
  ageMonths: z.number().int().min(0).max(1440).nullable(),
  recipient: z.enum(RECIPIENTS).nullable(),
  occasion: z.enum(OCCASIONS).nullable(),
  interests: z.array(z.string().min(1).max(60)).max(10),
  constraints: z.array(z.enum(CONSTRAINTS)).max(CONSTRAINTS.length),
  budgetMin: amount.nullable(),
  budgetMax: amount.nullable(),
});

export type GuideSlotsOutput = z.infer<typeof guideSlotsSchema>;
