// What the shopping guide knows about who a purchase is for: the slots and their closed
// vocabularies (the same values GuideProfile's proto comments document). Values are English words
// whatever language the shopper writes in.
import type { Price } from '../product-facts.js';

export const RECIPIENTS = [
  'son',
  'daughter',
  'niece',
  'nephew',
  'grandson',
  'granddaughter',
  'brother',
  'sister',
  'cousin',
  'friend',
  'colleague',
  'myself',
] as const;
export type Recipient = (typeof RECIPIENTS)[number];

export const OCCASIONS = [
  'birthday',
  'christmas',
  'easter',
  'new year',
  "children's day",
  'baby shower',
  'graduation',
  'back to school',
  'travel',
  'thank you',
  'get well',
] as const;
export type Occasion = (typeof OCCASIONS)[number];

export const CONSTRAINTS = [
  'no batteries',
  'no small parts',
  'no screens',
  'eco-friendly',
  'wooden',
  'not plastic',
  'quiet',
  'washable',
] as const;
export type Constraint = (typeof CONSTRAINTS)[number];

/** The slots as `ShoppingGuideReply.missing` names them. */
export const SLOTS = ['recipient', 'age', 'interests', 'budget', 'occasion', 'constraints'] as const;
export type Slot = (typeof SLOTS)[number];

export interface GuideProfile {
  ageMonths?: number;
  /** Lower-case English nouns, singular ("dinosaur", "board game"). */
  interests: string[];
  budgetMin?: Price;
  budgetMax?: Price;
  occasion?: Occasion;
  recipient?: Recipient;
  constraints: Constraint[];
}

export const EMPTY_PROFILE: GuideProfile = { interests: [], constraints: [] };

export const isRecipient = (v: string): v is Recipient => (RECIPIENTS as readonly string[]).includes(v);
export const isOccasion = (v: string): v is Occasion => (OCCASIONS as readonly string[]).includes(v);
export const isConstraint = (v: string): v is Constraint => (CONSTRAINTS as readonly string[]).includes(v);
