// What a handler learns about the message it handles, besides the decoded payload.
import { BaseRpcContext } from '@nestjs/microservices';

export interface EventContext {
  /** Subject as the contracts name it, e.g. `shop.acme.review.submitted`. */
  subject: string;
  tenant: string;
  eventId: string;
  correlationId: string;
  /** 1 on first delivery. */
  deliveryCount: number;
  maxDeliver: number;
  streamSeq: number;
  /** Durable consumer name. */
  consumer: string;
  headers: Record<string, string>;
  /**
   * True while the handler may throw DeferError: enough deliveries remain and this consumer holds
   * fewer delayed redeliveries than its budget. When false, fall back to local work instead.
   */
  canDefer: boolean;
  /**
   * Tells the server the handler is still working (resets ack_wait). Called automatically too, up
   * to `handlerTimeoutMs`; ignored once the message is settled or its handler abandoned.
   */
  working(): void;
}

export interface QueryContext {
  subject: string;
  tenant: string;
  requestId: string;
  correlationId: string;
  /** Absolute deadline, epoch milliseconds; the reply is useless afterwards. */
  deadline: number;
  /** Aborts at the deadline. */
  signal: AbortSignal;
  headers: Record<string, string>;
}

/** Nest passes this as the handler's second argument (`@Ctx()`), so it extends BaseRpcContext. */
export class JetStreamEventContext extends BaseRpcContext<[string]> implements EventContext {
  private headerRecord?: Record<string, string>;

  constructor(
    readonly subject: string,
    readonly tenant: string,
    readonly eventId: string,
    readonly correlationId: string,
    readonly deliveryCount: number,
    readonly maxDeliver: number,
    readonly streamSeq: number,
    readonly consumer: string,
    readonly canDefer: boolean,
    private readonly readHeaders: () => Record<string, string>,
    private readonly signalWorking: () => void,
  ) {
    super([subject]);
  }

  get headers(): Record<string, string> {
    // Built on first use: most handlers never look at headers.
    this.headerRecord ??= this.readHeaders();
    return this.headerRecord;
  }

  working(): void {
    this.signalWorking();
  }
}

export class NatsQueryContext extends BaseRpcContext<[string]> implements QueryContext {
  constructor(
    readonly subject: string,
    readonly tenant: string,
    readonly requestId: string,
    readonly correlationId: string,
    readonly deadline: number,
    readonly signal: AbortSignal,
    readonly headers: Record<string, string>,
  ) {
    super([subject]);
  }
}
