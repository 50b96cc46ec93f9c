// The kinds of poison a shop system (or a broken one) can put on an input subject, each with what
// must become of it: a dead letter naming its reason, a publish refused (and by whom), or — for an
// event id reused with other content — nothing new at all (the first result stands).
import type { DescMessage, MessageShape } from '@bufbuild/protobuf';
import { Events, Streams, type EventDefinition } from '@shopmind/contracts';
import {
  aChargebackReported,
  aCopyGenerated,
  aCustomerErasureRequested,
  aFraudAlert,
  aGraphUpdated,
  anEnvelope,
  anOrderPlaced,
  anOrderScored,
  anOrderStatusChanged,
  aProductDeleted,
  aProductUpserted,
  aReviewAnalysed,
  aReviewFlagged,
  aReviewSubmitted,
  aSupportEscalated,
  aSupportMessageReceived,
  aSupportReplied,
  aUserInteracted,
  jsonOf,
  seededRandom,
} from '@shopmind/testing';

type EventKey = keyof typeof Events;
type Envelope = ReturnType<typeof anEnvelope>;

/** A valid event of every definition in the catalogue (the record makes a new event type fail to compile here). */
const VALID: Record<EventKey, (envelope: Envelope) => MessageShape<DescMessage>> = {
  productUpserted: (envelope) => aProductUpserted({ envelope }),
  productDeleted: (envelope) => aProductDeleted({ envelope }),
  userInteracted: (envelope) => aUserInteracted({ envelope }),
  orderPlaced: (envelope) => anOrderPlaced({ envelope }),
  orderStatusChanged: (envelope) => anOrderStatusChanged({ envelope }),
  chargebackReported: (envelope) => aChargebackReported({ envelope }),
  reviewSubmitted: (envelope) => aReviewSubmitted({ envelope }),
  supportMessageReceived: (envelope) => aSupportMessageReceived({ envelope }),
  erasureRequested: (envelope) => aCustomerErasureRequested({ envelope }),
  reviewAnalysed: (envelope) => aReviewAnalysed({ envelope }),
  copyGenerated: (envelope) => aCopyGenerated({ envelope }),
  graphUpdated: (envelope) => aGraphUpdated({ envelope }),
  orderScored: (envelope) => anOrderScored({ envelope }),
  fraudAlert: (envelope) => aFraudAlert({ envelope }),
  reviewFlagged: (envelope) => aReviewFlagged({ envelope }),
  supportReplied: (envelope) => aSupportReplied({ envelope }),
  supportEscalated: (envelope) => aSupportEscalated({ envelope }),
};

export function validEvent(def: EventDefinition, tenant: string): MessageShape<DescMessage> {
  const key = (Object.keys(Events) as EventKey[]).find((k) => Events[k] === def)!;
  return VALID[key](anEnvelope({ tenantId: tenant }));
}

/** The valid event as a shop system's JSON object, for poison made by editing it. */
export function validJson(def: EventDefinition, tenant: string): Record<string, unknown> {
  return jsonOf(def.schema, validEvent(def, tenant)) as Record<string, unknown>;
}

export type PoisonOutcome =
  /** Every service consuming the subject dead-letters it, the reason matching. */
  | { kind: 'dead-letter'; reason: RegExp; unroutable?: boolean }
  /** The stray sweeper dead-letters it on dlq.bus.unroutable (subject no consumer is handed). */
  | { kind: 'swept'; reason: RegExp }
  /** The publish fails; `by` says who refuses it. */
  | { kind: 'refused'; by: string }
  /** Stored, but handed to no service (AI_RESULTS takes every `ai.>` subject; only services publish there). */
  | { kind: 'unread' };

export interface Poison {
  name: string;
  /** The subject to publish on, from the concrete subject of the test's tenant. */
  subject: (concrete: string) => string;
  payload: (def: EventDefinition, tenant: string) => Uint8Array;
  contentType: string;
  /** What must become of it, by the stream the subject belongs to. */
  outcome: PoisonOutcome | ((stream: string) => PoisonOutcome);
}

const JSON_TYPE = 'application/json';
const text = (s: string) => new TextEncoder().encode(s);
const json = (v: unknown) => text(JSON.stringify(v));
const same = (s: string) => s;
/** `shop.<tenant>.<domain>.<event>` with its tenant token replaced. */
const withTenantToken = (token: string) => (s: string) => s.split('.').toSpliced(1, 1, token).join('.');
const random = seededRandom(13);
const CONTRACT = (code: string) => new RegExp(`^contract ${code}`);

export const POISONS: Poison[] = [
  {
    name: 'not JSON',
    subject: same,
    payload: () => text('this is {not json'),
    contentType: JSON_TYPE,
    outcome: { kind: 'dead-letter', reason: CONTRACT('undecodable') },
  },
  {
    name: 'JSON of the wrong shape',
    subject: same,
    payload: () => json({ envelope: 42, items: 'none' }),
    contentType: JSON_TYPE,
    outcome: { kind: 'dead-letter', reason: CONTRACT('undecodable') },
  },
  {
    name: 'missing envelope',
    subject: same,
    payload: (def, tenant) => {
      const { envelope: _, ...rest } = validJson(def, tenant);
      return json(rest);
    },
    contentType: JSON_TYPE,
    outcome: { kind: 'dead-letter', reason: CONTRACT('(invalid|tenant_mismatch)') },
  },
  {
    name: 'tenant of the envelope is not the subject tenant',
    subject: same,
    payload: (def, tenant) =>
      json({
        ...validJson(def, tenant),
        envelope: { ...(validJson(def, tenant).envelope as object), tenantId: 'another-shop' },
      }),
    contentType: JSON_TYPE,
    outcome: { kind: 'dead-letter', reason: CONTRACT('tenant_mismatch') },
  },
  {
    name: 'invalid field value (schema version 0, empty event id)',
    subject: same,
    payload: (def, tenant) => {
      const valid = validJson(def, tenant);
      return json({ ...valid, envelope: { ...(valid.envelope as object), schemaVersion: 0, eventId: '' } });
    },
    contentType: JSON_TYPE,
    outcome: { kind: 'dead-letter', reason: CONTRACT('invalid') },
  },
  {
    name: 'invalid UTF-8',
    subject: same,
    payload: (def, tenant) => {
      const valid = JSON.stringify(validJson(def, tenant));
      const cut = valid.indexOf('"producer":"') + '"producer":"'.length;
      return new Uint8Array([...text(valid.slice(0, cut)), 0xc3, 0x28, 0xff, ...text(valid.slice(cut))]);
    },
    contentType: JSON_TYPE,
    outcome: { kind: 'dead-letter', reason: CONTRACT('undecodable') },
  },
  {
    name: 'random protobuf bytes',
    subject: same,
    payload: () => Uint8Array.from({ length: 96 }, () => Math.floor(random() * 256)),
    contentType: 'application/protobuf',
    outcome: { kind: 'dead-letter', reason: CONTRACT('(undecodable|invalid|tenant_mismatch)') },
  },
  {
    name: 'empty payload',
    subject: same,
    payload: () => new Uint8Array(0),
    contentType: JSON_TYPE,
    outcome: { kind: 'dead-letter', reason: CONTRACT('undecodable') },
  },
  {
    name: 'unknown fields in bulk (past the server max payload)',
    subject: same,
    payload: (def, tenant) => {
      const bulk = Object.fromEntries(
        Array.from({ length: 40_000 }, (_, i) => [`unknownField${i}`, 'x'.repeat(16)]),
      );
      return json({ ...validJson(def, tenant), ...bulk });
    },
    contentType: JSON_TYPE,
    outcome: { kind: 'refused', by: 'the NATS client: larger than the server max_payload (1 MB)' },
  },
  {
    name: 'deep nesting',
    subject: same,
    payload: () => text('['.repeat(200_000) + ']'.repeat(200_000)),
    contentType: JSON_TYPE,
    outcome: { kind: 'dead-letter', reason: CONTRACT('undecodable') },
  },
  {
    name: 'wildcard * as the tenant token',
    subject: withTenantToken('*'),
    payload: (def, tenant) => json(validJson(def, tenant)),
    contentType: JSON_TYPE,
    outcome: { kind: 'dead-letter', reason: CONTRACT('invalid_subject'), unroutable: true },
  },
  {
    name: 'wildcard > as the tenant token',
    subject: withTenantToken('>'),
    payload: (def, tenant) => json(validJson(def, tenant)),
    contentType: JSON_TYPE,
    // The stray sweeper watches SHOP_EVENTS only. On AI_RESULTS (`ai.>`) such a message is kept and
    // read by nobody; only services may publish there, which the deploy issue's permissions enforce.
    outcome: (stream) =>
      stream === Streams.shopEvents.name
        ? { kind: 'swept', reason: /^unroutable_subject/ }
        : { kind: 'unread' },
  },
  {
    name: 'unknown subject (an event type no contract has)',
    subject: (s) => `${s}_v2`,
    payload: (def, tenant) => json(validJson(def, tenant)),
    contentType: JSON_TYPE,
    outcome: (stream) =>
      stream === Streams.shopEvents.name
        ? { kind: 'refused', by: 'JetStream: no stream takes the subject' }
        : { kind: 'unread' },
  },
];
