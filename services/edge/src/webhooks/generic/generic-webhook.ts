// ShopMind's own signed JSON webhook, for review platforms and storefronts:
//   { "id": "<sender's unique id>", "type": "review.submitted" | "interaction.user_interacted",
//     "occurredAt"?: "<RFC 3339>", "data": { …the event's proto3 JSON fields, without envelope… } }
// The edge writes the envelope (event id, tenant from the path, producer `edge.generic`).
import { fromJson, type JsonObject } from '@bufbuild/protobuf';
import { Events, type EventDefinition } from '@shopmind/contracts';
import { z } from 'zod';
import { readPayload } from '../payload-fields.js';
import { MalformedWebhookError, type MappingContext, type WebhookOutcome } from '../webhook-outcome.js';

const PRODUCER = 'edge.generic';

export const genericTypes: Record<string, EventDefinition> = {
  'review.submitted': Events.reviewSubmitted,
  'interaction.user_interacted': Events.userInteracted,
};

export const genericBody = z.object({
  id: z.string().min(1).max(128),
  type: z.string().min(1).max(128),
  occurredAt: z.iso.datetime({ offset: true }).optional(),
  data: z.record(z.string(), z.unknown()),
});

export function mapGenericWebhook(payload: unknown, ctx: MappingContext): WebhookOutcome {
  const body = readPayload(genericBody, payload, 'ShopMind webhook');
  const definition = genericTypes[body.type];
  // ShopMind's own format: a type it does not know is the sender's mistake, not a topic to skip.
  if (!definition)
    throw new MalformedWebhookError(
      `type ${JSON.stringify(body.type)} is not one of ${Object.keys(genericTypes).join(', ')}`,
    );
  if ('envelope' in body.data)
    throw new MalformedWebhookError('data.envelope: the edge writes the envelope; leave it out');
  const json = {
    ...body.data,
    envelope: {
      eventId: ctx.eventId,
      occurredAt: body.occurredAt ?? ctx.occurredAt.toISOString(),
      producer: PRODUCER,
      tenantId: ctx.tenant,
      schemaVersion: 1,
    },
  } as JsonObject;
  try {
    const message = fromJson(definition.schema, json, { ignoreUnknownFields: true });
    return { kind: 'event', event: { definition, message } };
  } catch (err) {
    throw new MalformedWebhookError(`data is not a ${body.type}: ${(err as Error).message}`);
  }
}
