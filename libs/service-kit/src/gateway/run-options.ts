// How a bus handler hands its message context to the gateway: the event id (idempotency), how many
// deliveries remain and whether the transport has room for one more delayed redelivery (deferral).
import type { EventContext, QueryContext } from '@shopmind/bus';
import type { RunOptions } from '@shopmind/llm-gateway';

export function runOptionsForEvent(ctx: EventContext, signal?: AbortSignal): RunOptions {
  return {
    tenant: ctx.tenant,
    eventId: ctx.eventId,
    deliveriesLeft: Math.max(0, ctx.maxDeliver - ctx.deliveryCount),
    canDefer: ctx.canDefer,
    ...(signal ? { signal } : {}),
  };
}

/** A query cannot be redelivered, so it never defers; it stops at the query's deadline. */
export function runOptionsForQuery(ctx: QueryContext): RunOptions {
  return { tenant: ctx.tenant, signal: ctx.signal, canDefer: false };
}
