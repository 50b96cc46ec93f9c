// JetStream publishes that wait for their PubAck on one reply subscription per connection.
// `js.publish` goes through nats.js's request(), which builds a timer, three promises and an Error
// with a stack capture (its `cancel`) for every publish, even one that succeeds: about a tenth of
// the CPU per handled event. Here a PubAck finds its publish by the reply token and one timer
// expires what is overdue; replies are read as `js.publish` reads them, errors are of the same kinds.
import { JetStreamApiError, JetStreamError, type ApiError, type PubAck } from '@nats-io/jetstream';
import {
  createInbox,
  NoRespondersError,
  RequestError,
  TimeoutError,
  type Msg,
  type MsgHdrs,
  type NatsConnection,
  type Subscription,
} from '@nats-io/transport-node';
import { HEADER } from './nats-headers.js';

/** What `js.publish` waits by default (the JetStream API timeout of nats.js). */
export const PUB_ACK_TIMEOUT_MS = 5000;

/** What nats.js throws when nothing answers a JetStream publish (no stream takes the subject). */
class JetStreamNotEnabled extends Error {
  override readonly name = 'JetStreamNotEnabled';
}

interface Waiting {
  resolve: (ack: PubAck) => void;
  reject: (err: Error) => void;
  subject: string;
  deadline: number;
}

const decoder = new TextDecoder();
const inboxes = new WeakMap<NatsConnection, PubAckInbox>();

export class PubAckInbox {
  /** Under the connection's inbox prefix (`_INBOX.svc.<service>`): the only replies its user may read. */
  private readonly prefix: string;
  /** In publish order, hence in deadline order (one timeout for all). */
  private readonly waiting = new Map<string, Waiting>();
  private sequence = 0;
  private sub?: Subscription;
  private timer?: NodeJS.Timeout;
  private readonly expire = () => this.expireOverdue();

  private constructor(
    private readonly nc: NatsConnection,
    private readonly timeoutMs: number,
  ) {
    // nats.js keeps the connection's options on the connection, not in its public interface.
    const inboxPrefix = (nc as { options?: { inboxPrefix?: string } }).options?.inboxPrefix;
    this.prefix = `${createInbox(inboxPrefix)}.`;
  }

  /** The connection's inbox (one per connection, shared by its publishers). */
  static of(nc: NatsConnection, timeoutMs = PUB_ACK_TIMEOUT_MS): PubAckInbox {
    let inbox = inboxes.get(nc);
    if (!inbox) {
      inbox = new PubAckInbox(nc, timeoutMs);
      inboxes.set(nc, inbox);
    }
    return inbox;
  }

  /**
   * Publishes to a JetStream subject with `Nats-Msg-Id` set on `h` and resolves with the stream's
   * PubAck; rejects as `js.publish` does (TimeoutError, JetStreamNotEnabled, JetStreamApiError,
   * or what the client throws for a closed connection or a bad subject).
   */
  publish(subject: string, data: Uint8Array, h: MsgHdrs, msgId: string): Promise<PubAck> {
    return new Promise<PubAck>((resolve, reject) => {
      try {
        this.sub ??= this.subscribe();
        if (msgId) h.set(HEADER.msgId, msgId);
        const token = (this.sequence++).toString(36);
        // Registered before the publish leaves (nats.js writes in a later microtask).
        this.waiting.set(token, { resolve, reject, subject, deadline: Date.now() + this.timeoutMs });
        try {
          this.nc.publish(subject, data, { reply: this.prefix + token, headers: h });
        } catch (err) {
          this.waiting.delete(token);
          throw err;
        }
        this.timer ??= this.arm(this.timeoutMs);
      } catch (err) {
        reject(err as Error);
      }
    });
  }

  private subscribe(): Subscription {
    const sub = this.nc.subscribe(`${this.prefix}*`, {
      callback: (err, msg) => (err ? this.failAll(err) : this.settle(msg)),
    });
    // Closed with the connection (or by the server): nothing more will answer.
    void sub.closed.then(
      (err) => this.failAll(err instanceof Error ? err : new RequestError('connection closed')),
      (err: unknown) => this.failAll(err instanceof Error ? err : new RequestError(String(err))),
    );
    return sub;
  }

  private settle(msg: Msg): void {
    const token = msg.subject.slice(this.prefix.length);
    const waiting = this.waiting.get(token);
    if (!waiting) return; // late, after its timeout
    this.waiting.delete(token);
    if (msg.data.length === 0 && msg.headers?.code === 503) {
      waiting.reject(
        new JetStreamNotEnabled('jetstream is not enabled', {
          cause: new NoRespondersError(waiting.subject),
        }),
      );
      return;
    }
    let reply: PubAck & { error?: ApiError };
    try {
      reply = JSON.parse(decoder.decode(msg.data)) as PubAck & { error?: ApiError };
    } catch (err) {
      waiting.reject(err as Error);
      return;
    }
    if (reply.error) waiting.reject(new JetStreamApiError(reply.error));
    else if (!reply.stream) waiting.reject(new JetStreamError('invalid ack response'));
    else {
      reply.duplicate = reply.duplicate ? reply.duplicate : false;
      waiting.resolve(reply);
    }
  }

  private arm(ms: number): NodeJS.Timeout {
    const timer = setTimeout(this.expire, ms);
    timer.unref();
    return timer;
  }

  private expireOverdue(): void {
    this.timer = undefined;
    const now = Date.now();
    for (const [token, waiting] of this.waiting) {
      if (waiting.deadline > now) {
        this.timer = this.arm(waiting.deadline - now);
        return;
      }
      this.waiting.delete(token);
      waiting.reject(new TimeoutError());
    }
  }

  private failAll(err: Error): void {
    const all = [...this.waiting.values()];
    this.waiting.clear();
    clearTimeout(this.timer);
    this.timer = undefined;
    for (const w of all) w.reject(err);
    if (this.sub?.isClosed()) {
      // A later publish on a reconnected or new use of this connection subscribes again.
      this.sub = undefined;
    }
  }
}
