// The schemas the API's routes name in their decorators, collected once: request bodies (the query
// request without its `meta`, which the edge sets), replies, inbound events, and the error body.
import type { DescMessage } from '@bufbuild/protobuf';
import { Events, type QueryDefinition } from '@shopmind/contracts';
import { ProtoSchemas, componentRef, type SchemaObject } from './proto-json-schema.js';

export const protoSchemas = new ProtoSchemas();

/** The body a query route takes: the request without `meta` (and without fields the path gives). */
export function requestBodyRef(def: QueryDefinition, omit: readonly string[] = []): { $ref: string } {
  return protoSchemas.ref(def.request, { name: `${def.request.typeName}.Body`, omit: ['meta', ...omit] });
}

export function replyRef(def: QueryDefinition): { $ref: string } {
  return protoSchemas.ref(def.reply);
}

export function messageRef(desc: DescMessage): { $ref: string } {
  return protoSchemas.ref(desc);
}

export const API_ERROR_COMPONENT = 'ApiError';

export const apiErrorSchema: SchemaObject = {
  type: 'object',
  required: ['code', 'message'],
  properties: {
    code: {
      type: 'string',
      enum: [
        'invalid_request',
        'not_found',
        'unavailable',
        'deadline_exceeded',
        'internal',
        'unauthorized',
        'forbidden',
        'payload_too_large',
        'rate_limited',
        'unsupported_media_type',
      ],
    },
    message: { type: 'string' },
    violations: {
      type: 'array',
      items: { type: 'string' },
      description: 'violated field rules (invalid_request)',
    },
  },
};

export const apiErrorRef = { $ref: componentRef(API_ERROR_COMPONENT) };

/** What an accepted event's 202 says. */
export const ACCEPTED_COMPONENT = 'AcceptedEvent';
export const acceptedSchema: SchemaObject = {
  type: 'object',
  required: ['eventId', 'stream', 'sequence', 'duplicate'],
  properties: {
    eventId: { type: 'string' },
    stream: { type: 'string', description: 'the JetStream stream that stored the event' },
    sequence: { type: 'integer', description: "the event's sequence in that stream" },
    duplicate: { type: 'boolean', description: 'the stream already had an event with this id: stored once' },
  },
};

/** Every inbound event, so the document describes each body `POST /api/v1/events/{domain}/{event}` takes. */
export function inboundEventRefs(): { $ref: string }[] {
  return Object.values(Events)
    .filter((e) => e.direction === 'inbound')
    .map((e) => protoSchemas.ref(e.schema));
}
