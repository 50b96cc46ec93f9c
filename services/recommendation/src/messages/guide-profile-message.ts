// The guide's profile (domain) ↔ GuideProfile (contract). Empty slots stay unset, so the proto3
// JSON names exactly the slots that are known.
import { create } from '@bufbuild/protobuf';
import { GuideProfileSchema, type GuideProfile as GuideProfileMessage } from '@shopmind/contracts';
import { isConstraint, isOccasion, isRecipient, type GuideProfile } from '../domain/guide/guide-profile.js';

export function guideProfileMessage(p: GuideProfile): GuideProfileMessage {
  return create(GuideProfileSchema, {
    ageMonths: p.ageMonths,
    interests: [...p.interests],
    budgetMin: p.budgetMin
      ? { currency: p.budgetMin.currency, amountMinor: p.budgetMin.amountMinor }
      : undefined,
    budgetMax: p.budgetMax
      ? { currency: p.budgetMax.currency, amountMinor: p.budgetMax.amountMinor }
      : undefined,
    occasion: p.occasion ?? '',
    recipient: p.recipient ?? '',
    constraints: [...p.constraints],
  });
}

/** A stored or received profile back in the domain's terms; values outside the vocabularies are dropped. */
export function guideProfileOf(m: GuideProfileMessage): GuideProfile {
  return {
    ...(m.ageMonths !== undefined ? { ageMonths: m.ageMonths } : {}),
    interests: [...m.interests],
    ...(m.budgetMin
      ? { budgetMin: { currency: m.budgetMin.currency, amountMinor: m.budgetMin.amountMinor } }
      : {}),
    ...(m.budgetMax
      ? { budgetMax: { currency: m.budgetMax.currency, amountMinor: m.budgetMax.amountMinor } }
      : {}),
    ...(isOccasion(m.occasion) ? { occasion: m.occasion } : {}),
    ...(isRecipient(m.recipient) ? { recipient: m.recipient } : {}),
    constraints: m.constraints.filter(isConstraint),
  };
}
