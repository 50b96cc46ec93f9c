// @OnEvent / @OnQuery: Nest's EventPattern / MessagePattern keyed by the contract definition, which
// travels in the pattern extras so the transport knows the stream, filter subject and schema.
import 'reflect-metadata';
import type { DescMessage, MessageShape } from '@bufbuild/protobuf';
import { Ctx, EventPattern, MessagePattern, Payload, RpcException } from '@nestjs/microservices';
import type { EventDefinition, QueryDefinition } from '@shopmind/contracts';
import type { PreEncodedReply } from './encoded-reply.js';
import type { EventContext, QueryContext } from './message-context.js';

export const BUS_HANDLER = 'shopmind.bus';

export type BusHandlerExtras =
  { kind: 'event'; definition: EventDefinition } | { kind: 'query'; definition: QueryDefinition };

const ROUTE_ARGS_METADATA = '__routeArguments__';

/**
 * Without parameter decorators Nest passes only the payload; handlers here take (msg, ctx), so
 * declare both unless the method already chose its own parameters.
 */
function ensurePayloadAndContext(target: object, key: string | symbol): void {
  if (Reflect.getMetadata(ROUTE_ARGS_METADATA, target.constructor, key)) return;
  Payload()(target, key, 0);
  Ctx()(target, key, 1);
}

/**
 * Nest's default exception filter turns any error into `{ status, message }`, losing its kind.
 * Wrapping it in an RpcException makes the filter rethrow the original error object, so the
 * transport can tell a permanent from a transient failure.
 */
function keepErrorKinds(descriptor: PropertyDescriptor): void {
  const original = descriptor.value as (...args: unknown[]) => unknown;
  const toRpc = (err: unknown): never => {
    throw err instanceof RpcException ? err : new RpcException(err instanceof Object ? err : String(err));
  };
  // Not an async function: one promise layer less per message on the hot path.
  const wrapped = function (this: unknown, ...args: unknown[]): unknown {
    let result: unknown;
    try {
      result = original.apply(this, args);
    } catch (err) {
      toRpc(err);
    }
    return result instanceof Promise ? result.catch(toRpc) : result;
  };
  for (const k of Reflect.getOwnMetadataKeys(original)) {
    Reflect.defineMetadata(k, Reflect.getOwnMetadata(k, original), wrapped);
  }
  Object.defineProperty(wrapped, 'name', { value: original.name });
  descriptor.value = wrapped;
}

export type EventHandlerMethod<D extends DescMessage> = (
  msg: MessageShape<D>,
  ctx: EventContext,
) => Promise<void> | void;
/** A query handler answers with its reply message, or with the reply pre-encoded (see PreEncodedReply). */
export type QueryHandlerMethod<Req extends DescMessage, Res extends DescMessage> = (
  req: MessageShape<Req>,
  ctx: QueryContext,
) => Promise<MessageShape<Res> | PreEncodedReply<Res>> | MessageShape<Res> | PreEncodedReply<Res>;

/** Handles an event from this service's durable pull consumer for `def`. */
export function OnEvent<D extends DescMessage>(def: EventDefinition<D>) {
  return <M extends EventHandlerMethod<D>>(
    target: object,
    key: string | symbol,
    descriptor: TypedPropertyDescriptor<M>,
  ): TypedPropertyDescriptor<M> => {
    ensurePayloadAndContext(target, key);
    keepErrorKinds(descriptor);
    const extras: BusHandlerExtras = { kind: 'event', definition: def as unknown as EventDefinition };
    (EventPattern(def.key, { [BUS_HANDLER]: extras }) as MethodDecorator)(target, key, descriptor);
    return descriptor;
  };
}

/** Answers a query over core NATS request/reply (queue group = service). */
export function OnQuery<Req extends DescMessage, Res extends DescMessage>(def: QueryDefinition<Req, Res>) {
  return <M extends QueryHandlerMethod<Req, Res>>(
    target: object,
    key: string | symbol,
    descriptor: TypedPropertyDescriptor<M>,
  ): TypedPropertyDescriptor<M> => {
    ensurePayloadAndContext(target, key);
    keepErrorKinds(descriptor);
    const extras: BusHandlerExtras = { kind: 'query', definition: def as unknown as QueryDefinition };
    (MessagePattern(def.key, { [BUS_HANDLER]: extras }) as MethodDecorator)(target, key, descriptor);
    return descriptor;
  };
}

export function busExtrasOf(extras: Record<string, unknown> | undefined): BusHandlerExtras | undefined {
  return extras?.[BUS_HANDLER] as BusHandlerExtras | undefined;
}

/** The error a handler threw, unwrapped from Nest's exception plumbing. */
export function handlerError(thrown: unknown): unknown {
  return thrown instanceof RpcException ? thrown.getError() : thrown;
}
