// Asks a query over NATS for an HTTP request: the proto request from the caller's fields plus the
// meta the edge sets (the API key's tenant, never the body's), a deadline, and the reply as proto3
// JSON or the bus's error reply as an ApiError.
import { fromJson, toJson, type DescMessage, type JsonObject, type JsonValue } from '@bufbuild/protobuf';
import { Inject, Injectable } from '@nestjs/common';
import {
  headers as natsHeaders,
  NoRespondersError,
  TimeoutError,
  type NatsConnection,
} from '@nats-io/transport-node';
import { BUS_CONNECTION, BUS_HEADERS, BUS_OPTIONS, type BusOptions } from '@shopmind/bus';
import {
  ContractError,
  ErrorReplySchema,
  decodeMessage,
  encodeMessage,
  prefixSubject,
  validateMessage,
  type QueryDefinition,
} from '@shopmind/contracts';
import { injectTraceContext } from '@shopmind/telemetry';
import { ApiError, UNAVAILABLE_RETRY_AFTER_SECONDS, apiErrorOfReply } from './api-error.js';
import type { ApiSettings } from './api-settings.js';
import { API_SETTINGS } from './api-tokens.js';

/** Who asks: the key's tenant and the ids that tie the request to the caller's logs. */
export interface Asker {
  tenant: string;
  requestId: string;
  correlationId?: string;
}

/** Extra time the NATS request waits past the deadline, so the service's own `deadline_exceeded` arrives. */
const REPLY_GRACE_MS = 250;

/** nats.js wraps request failures (a RequestError with the reason as its cause). */
function causedBy(err: unknown, kind: abstract new (...args: never[]) => Error): boolean {
  for (let e: unknown = err; e instanceof Error; e = (e as Error).cause) if (e instanceof kind) return true;
  return false;
}

/** The fields of a message from JSON, checked against the proto's rules; a ContractError becomes 400. */
export function messageFromJson<D extends DescMessage>(schema: D, json: JsonValue) {
  try {
    return validateMessage(schema, fromJson(schema, json, { ignoreUnknownFields: true }));
  } catch (err) {
    if (err instanceof ContractError) {
      throw new ApiError(400, 'invalid_request', err.reason, { violations: err.violations });
    }
    // fromJson: a field of the wrong type, an unknown enum name, …
    throw new ApiError(400, 'invalid_request', `${schema.typeName}: ${(err as Error).message}`);
  }
}

@Injectable()
export class QueryClient {
  private readonly prefix: string;

  constructor(
    @Inject(BUS_CONNECTION) private readonly nc: NatsConnection,
    @Inject(BUS_OPTIONS) options: BusOptions,
    @Inject(API_SETTINGS) private readonly settings: ApiSettings,
  ) {
    this.prefix = options.subjectPrefix ?? '';
  }

  /** The reply to `def` for `fields` (the request without its meta), as proto3 JSON. */
  async ask(def: QueryDefinition, asker: Asker, fields: JsonObject): Promise<JsonValue> {
    if ('meta' in fields) {
      throw new ApiError(
        400,
        'invalid_request',
        'meta is set by the edge (tenant from the API key, ids from X-Request-Id / X-Correlation-Id); leave it out',
      );
    }
    const meta: JsonObject = { requestId: asker.requestId, tenantId: asker.tenant };
    if (asker.correlationId) meta.correlationId = asker.correlationId;
    const request = messageFromJson(def.request, { ...fields, meta });
    const { data, contentType } = encodeMessage(def.request, request, 'json', { validate: false });
    const h = natsHeaders();
    h.set(BUS_HEADERS.contentType, contentType);
    h.set(BUS_HEADERS.deadline, String(Date.now() + this.settings.queryTimeoutMs));
    injectTraceContext(h);
    const subject = def.subject(asker.tenant);
    let reply;
    try {
      reply = await this.nc.request(prefixSubject(this.prefix, subject), data, {
        headers: h,
        timeout: this.settings.queryTimeoutMs + REPLY_GRACE_MS,
      });
    } catch (err) {
      if (causedBy(err, NoRespondersError)) {
        throw new ApiError(503, 'unavailable', `no service answers ${def.key} right now`, {
          retryAfterSeconds: UNAVAILABLE_RETRY_AFTER_SECONDS,
        });
      }
      if (causedBy(err, TimeoutError)) {
        throw new ApiError(
          504,
          'deadline_exceeded',
          `${def.key} did not answer within ${this.settings.queryTimeoutMs} ms`,
        );
      }
      throw new ApiError(503, 'unavailable', `${def.key}: the bus cannot be reached`, {
        retryAfterSeconds: UNAVAILABLE_RETRY_AFTER_SECONDS,
      });
    }
    const replyType = reply.headers?.get(BUS_HEADERS.contentType) || undefined;
    const errorCode = reply.headers?.get(BUS_HEADERS.error);
    if (errorCode) {
      const error = decodeMessage(ErrorReplySchema, reply.data, replyType);
      throw apiErrorOfReply(errorCode, error.message, error.violations);
    }
    // The service answers in the request's format (JSON); decoding also checks it is the reply type.
    return toJson(def.reply, decodeMessage(def.reply, reply.data, replyType));
  }
}
