// The wire codec: protobuf binary or canonical proto3 JSON, told apart by the content-type header,
// and validated against the protovalidate rules written in the proto.
import {
  fromBinary,
  fromJson,
  isMessage,
  toBinary,
  toJson,
  type DescMessage,
  type JsonValue,
  type MessageShape,
} from '@bufbuild/protobuf';
import { createValidator, type Validator } from '@bufbuild/protovalidate';
import { passesCompiledRules } from './compiled-rules.js';
import { ContractError } from './contract-error.js';
import { EnvelopeSchema, RequestMetaSchema, type Envelope } from './gen/shopmind/common/v1/common_pb.js';
import { tenantOfSubject } from './subjects.js';

export type WireFormat = 'json' | 'protobuf';

export const CONTENT_TYPES = {
  json: 'application/json',
  protobuf: 'application/protobuf',
} as const satisfies Record<WireFormat, string>;

const PROTOBUF_TYPES = new Set(['application/protobuf', 'application/x-protobuf']);

/** The wire format a content-type names; anything that is not protobuf is read as proto3 JSON. */
export function wireFormatOf(contentType: string | undefined | null): WireFormat {
  // The two values senders write, without the split and case folding every message paid for.
  if (contentType === CONTENT_TYPES.json) return 'json';
  if (contentType === CONTENT_TYPES.protobuf) return 'protobuf';
  const base = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  return PROTOBUF_TYPES.has(base) ? 'protobuf' : 'json';
}

// Compiled rules are cached per message type inside the validator, so one instance serves all.
let validator: Validator | undefined;
function sharedValidator(): Validator {
  validator ??= createValidator();
  return validator;
}

/** Checks `msg` against the proto's rules; throws ContractError naming every violated field. */
export function validateMessage<D extends DescMessage>(schema: D, msg: MessageShape<D>): MessageShape<D> {
  // Valid input is usually proven so by the compiled rules alone; protovalidate decides the rest.
  if (passesCompiledRules(schema, msg)) return msg;
  const result = sharedValidator().validate(schema, msg);
  if (result.kind === 'valid') return msg;
  if (result.kind === 'invalid') {
    const violations = result.violations.map((v) => v.toString());
    throw new ContractError(
      'invalid',
      `${schema.typeName} is invalid: ${violations.join('; ')}`,
      violations,
      {
        cause: result.error,
      },
    );
  }
  throw new ContractError(
    'rules_error',
    `${schema.typeName}: rules could not be evaluated: ${result.error.message}`,
    [],
    {
      cause: result.error,
    },
  );
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
const encoder = new TextEncoder();

/**
 * Decodes and validates a message. Content-type 'application/protobuf' (or 'application/x-protobuf')
 * means binary; anything else, including none, means proto3 JSON.
 *
 * JSON unknown fields are ACCEPTED (ignored): a producer on a newer minor revision of a v1 schema
 * may add fields, and binary decoding keeps unknown fields too, so both formats evolve alike.
 * Misspelled required fields are still caught, because the rules then see them missing.
 */
export function decodeMessage<D extends DescMessage>(
  schema: D,
  data: Uint8Array,
  contentType?: string,
): MessageShape<D> {
  let msg: MessageShape<D>;
  const format = wireFormatOf(contentType);
  try {
    if (format === 'protobuf') {
      msg = fromBinary(schema, data);
    } else {
      const json = JSON.parse(utf8.decode(data)) as JsonValue;
      msg = fromJson(schema, json, { ignoreUnknownFields: true });
    }
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    throw new ContractError('undecodable', `cannot decode ${schema.typeName} from ${format}: ${detail}`, [], {
      cause: err,
    });
  }
  return validateMessage(schema, msg);
}

export interface EncodeOptions {
  /** Validate before encoding (default true): an invalid result is our bug and must not be published. */
  validate?: boolean;
}

/** Encodes a message for the wire, with the content-type header value to send along. */
export function encodeMessage<D extends DescMessage>(
  schema: D,
  msg: MessageShape<D>,
  format: WireFormat,
  options: EncodeOptions = {},
): { data: Uint8Array; contentType: string } {
  if (options.validate !== false) validateMessage(schema, msg);
  if (format === 'protobuf') return { data: toBinary(schema, msg), contentType: CONTENT_TYPES.protobuf };
  return { data: encoder.encode(JSON.stringify(toJson(schema, msg))), contentType: CONTENT_TYPES.json };
}

function fieldOf(msg: unknown, name: string): unknown {
  return typeof msg === 'object' && msg !== null && name in msg
    ? (msg as Record<string, unknown>)[name]
    : undefined;
}

/** The `envelope` of an event; undefined for messages without one (queries, replies). */
export function envelopeOf(msg: unknown): Envelope | undefined {
  const envelope = fieldOf(msg, 'envelope');
  return isMessage(envelope, EnvelopeSchema) ? envelope : undefined;
}

/**
 * Refuses a message whose tenant (envelope of an event, meta of a query request) is not the
 * tenant token of the subject it arrived on, so per-tenant subject permissions isolate shops.
 */
export function assertTenantMatches(msg: unknown, subject: string): void {
  const subjectTenant = tenantOfSubject(subject);
  const meta = fieldOf(msg, 'meta');
  const declared =
    envelopeOf(msg)?.tenantId ?? (isMessage(meta, RequestMetaSchema) ? meta.tenantId : undefined);
  if (declared === undefined) {
    throw new ContractError(
      'tenant_mismatch',
      `message on ${subject} carries no envelope.tenant_id or meta.tenant_id`,
    );
  }
  if (declared !== subjectTenant) {
    throw new ContractError(
      'tenant_mismatch',
      `tenant_id ${JSON.stringify(declared)} does not match subject tenant ${JSON.stringify(subjectTenant)} (${subject})`,
    );
  }
}
