// Watching what services publish: a core NATS subscription to one result subject that decodes every
// message into its contract type and lets a test wait for a count or for a matching message.
import type { DescMessage, MessageShape } from '@bufbuild/protobuf';
import type { MsgHdrs, NatsConnection, Subscription } from '@nats-io/transport-node';
import { decodeMessage, prefixSubject, type EventDefinition } from '@shopmind/contracts';

export interface CollectResultsOptions {
  /** Only this tenant's results (default: every tenant, the definition's wildcard filter). */
  tenant?: string;
  /** The namespace prefix (SHOPMIND_SUBJECT_PREFIX) the services under test use (default none). */
  prefix?: string;
}

export interface WaitOptions {
  /** Default 15 000 ms. */
  timeoutMs?: number;
}

/** One received message: decoded, with its headers (trace context, content-type) and subject. */
export interface Received<D extends DescMessage> {
  msg: MessageShape<D>;
  headers?: MsgHdrs;
  subject: string;
}

interface Waiter {
  accepts(): boolean;
  settle(): void;
}

export class ResultCollector<D extends DescMessage> {
  /** Everything received so far, oldest first. */
  readonly received: Received<D>[] = [];
  /** Messages on the subject that did not decode as the contract type (a producer bug). */
  readonly undecodable: Error[] = [];
  private readonly subscription: Subscription;
  private readonly waiters = new Set<Waiter>();

  constructor(
    private readonly nc: NatsConnection,
    private readonly definition: EventDefinition<D>,
    options: CollectResultsOptions = {},
  ) {
    const logical = options.tenant ? definition.subject(options.tenant) : definition.filter;
    this.subscription = nc.subscribe(prefixSubject(options.prefix ?? '', logical), {
      callback: (err, m) => {
        if (err) return;
        try {
          this.received.push({
            msg: decodeMessage(definition.schema, m.data, m.headers?.get('content-type')),
            headers: m.headers,
            subject: m.subject,
          });
        } catch (error) {
          this.undecodable.push(error instanceof Error ? error : new Error(String(error)));
        }
        for (const w of [...this.waiters]) if (w.accepts()) w.settle();
      },
    });
  }

  /** The decoded messages received so far, oldest first. */
  get items(): MessageShape<D>[] {
    return this.received.map((r) => r.msg);
  }

  /** Resolves once the server has registered the subscription (publish after this). */
  async ready(): Promise<this> {
    await this.nc.flush();
    return this;
  }

  /** The first `count` messages, once that many have arrived. */
  waitFor(count: number, options?: WaitOptions): Promise<MessageShape<D>[]>;
  /** The first message `match` accepts, once it has arrived. */
  waitFor(match: (msg: MessageShape<D>) => boolean, options?: WaitOptions): Promise<MessageShape<D>>;
  async waitFor(
    countOrMatch: number | ((msg: MessageShape<D>) => boolean),
    options: WaitOptions = {},
  ): Promise<MessageShape<D>[] | MessageShape<D>> {
    if (typeof countOrMatch === 'number') {
      const count = countOrMatch;
      await this.until(
        () => this.received.length >= count,
        `${count} ${this.definition.key} messages`,
        options,
      );
      return this.items.slice(0, count);
    }
    return (await this.next(countOrMatch, options)).msg;
  }

  /** The first received message `match` accepts, with its headers, once it has arrived. */
  async next(match: (msg: MessageShape<D>) => boolean, options: WaitOptions = {}): Promise<Received<D>> {
    const find = () => this.received.find((r) => match(r.msg));
    await this.until(() => find() !== undefined, `a matching ${this.definition.key} message`, options);
    return find()!;
  }

  /** Ends the subscription; what was received stays readable. */
  async close(): Promise<void> {
    for (const w of this.waiters) w.settle();
    if (!this.subscription.isClosed()) this.subscription.unsubscribe();
  }

  private until(accepts: () => boolean, what: string, { timeoutMs = 15_000 }: WaitOptions): Promise<void> {
    if (accepts()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        accepts,
        settle: () => {
          clearTimeout(timer);
          this.waiters.delete(waiter);
          if (accepts()) resolve();
          else
            reject(
              new Error(`collector closed while waiting for ${what} (${this.received.length} received)`),
            );
        },
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(
          new Error(
            `timed out after ${timeoutMs} ms waiting for ${what} on ${this.subscription.getSubject()} (${this.received.length} received${this.undecodable.length ? `, ${this.undecodable.length} undecodable: ${this.undecodable[0]!.message}` : ''})`,
          ),
        );
      }, timeoutMs);
      this.waiters.add(waiter);
    });
  }
}

/** Starts collecting `definition`'s messages; resolves once the subscription is in place. */
export function collectResults<D extends DescMessage>(
  nc: NatsConnection,
  definition: EventDefinition<D>,
  options: CollectResultsOptions = {},
): Promise<ResultCollector<D>> {
  return new ResultCollector(nc, definition, options).ready();
}
