// W3C trace context (traceparent, tracestate) and baggage carried in message headers, so one
// trace runs from a publish through every handler. Works with nats.js `MsgHdrs` as they are.
import {
  context as contextApi,
  propagation,
  type Context,
  type TextMapGetter,
  type TextMapSetter,
} from '@opentelemetry/api';

/** What injection needs from a header collection; nats.js `MsgHdrs` (from `headers()`) fits as is. */
export interface HeaderCarrier {
  get(k: string): string | undefined | null;
  set(k: string, v: string): void;
}

/** What extraction needs; `keys()` is optional (nats.js `MsgHdrs` has it). */
export interface ReadableHeaders {
  get(k: string): string | undefined | null;
  keys?(): Iterable<string>;
}

// nats.js returns '' for an absent header; the propagators must see "absent", not an empty value.
const getter: TextMapGetter<ReadableHeaders> = {
  get(carrier, key) {
    const value = carrier.get(key);
    return value ? value : undefined;
  },
  keys(carrier) {
    return carrier.keys ? [...carrier.keys()] : [];
  },
};

const setter: TextMapSetter<HeaderCarrier> = {
  set(carrier, key, value) {
    carrier.set(key, value);
  },
};

/** Writes traceparent/tracestate/baggage of `ctx` (default: the active context) into the carrier. */
export function injectTraceContext(carrier: HeaderCarrier, ctx: Context = contextApi.active()): void {
  propagation.inject(ctx, carrier, setter);
}

/**
 * The context a remote caller sent, on top of the active context; use it as the parent of a
 * consumer span. Without a carrier (message with no headers) the active context is returned.
 */
export function extractTraceContext(carrier: ReadableHeaders | undefined | null): Context {
  const active = contextApi.active();
  return carrier ? propagation.extract(active, carrier, getter) : active;
}

/** A carrier over a plain object such as `EventContext.headers` or an HTTP header record. */
export function recordCarrier(record: Record<string, string | undefined>): HeaderCarrier & ReadableHeaders {
  return {
    get: (k) => record[k] ?? record[k.toLowerCase()],
    set: (k, v) => {
      record[k] = v;
    },
    keys: () => Object.keys(record),
  };
}
