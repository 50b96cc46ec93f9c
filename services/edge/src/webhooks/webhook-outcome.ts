// What a platform's webhook becomes: one ShopMind event, nothing (a topic ShopMind does not use), or
// an acknowledgement only (a privacy request with nothing to erase). A payload that cannot be read
// is a MalformedWebhookError: 422 and a dead letter.
import { create, type DescMessage, type MessageInitShape, type MessageShape } from '@bufbuild/protobuf';
import type { EventDefinition } from '@shopmind/contracts';

export interface MappedEvent {
  definition: EventDefinition;
  message: MessageShape<DescMessage>;
}

export type WebhookOutcome =
  | { kind: 'event'; event: MappedEvent }
  | { kind: 'ignored'; reason: string }
  | { kind: 'acknowledged'; note: string };

/** The event `definition` with the message built from `init` (validated later, when encoded). */
export function eventOutcome<D extends DescMessage>(
  definition: EventDefinition<D>,
  init: MessageInitShape<D>,
): WebhookOutcome {
  return {
    kind: 'event',
    event: { definition, message: create(definition.schema, init) } as unknown as MappedEvent,
  };
}

export const ignored = (reason: string): WebhookOutcome => ({ kind: 'ignored', reason });
export const acknowledged = (note: string): WebhookOutcome => ({ kind: 'acknowledged', note });

/** The webhook is signed but its payload cannot become its event. */
export class MalformedWebhookError extends Error {
  override readonly name = 'MalformedWebhookError';
}

/** What a mapping knows besides the payload. */
export interface MappingContext {
  tenant: string;
  /** The event id (from the platform's webhook id), already made unique per platform and tenant. */
  eventId: string;
  /** When the platform says the webhook was triggered; the receipt time otherwise. */
  occurredAt: Date;
  /** HMAC-SHA256 card fingerprints (see card-fingerprint.ts). */
  cardFingerprint(card: { bin: string; last4: string; customerId: string }): string;
}
