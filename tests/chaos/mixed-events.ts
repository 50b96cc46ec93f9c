// A shop's mixed event stream for the chaos suite, each event with the results it must produce
// exactly once (by cause event id and result kind), and a publisher that keeps trying through a
// NATS outage without ever storing an event twice (Nats-Msg-Id = the event id).
import type { DescMessage, MessageShape } from '@bufbuild/protobuf';
import { jetstream, type JetStreamClient } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { envelopeOf, Events, type EventDefinition } from '@shopmind/contracts';
import {
  aProductUpserted,
  aReviewSubmitted,
  aSupportMessageReceived,
  anOrderPlaced,
  anEnvelope,
  publishEvent,
} from '@shopmind/testing';
import { setTimeout as sleep } from 'node:timers/promises';

export interface PlannedEvent {
  definition: EventDefinition;
  message: MessageShape<DescMessage>;
  eventId: string;
  /** Result kinds this event must produce once each; an inner array means exactly one of them. */
  expects: (string | string[])[];
}

/** The results an inbound event always produces, by event key; other events' results depend on content. */
export const DETERMINISTIC_RESULTS: Record<string, (string | string[])[]> = {
  [Events.reviewSubmitted.key]: [Events.reviewAnalysed.key],
  [Events.productUpserted.key]: [Events.copyGenerated.key, Events.graphUpdated.key],
  [Events.orderPlaced.key]: [Events.orderScored.key],
  [Events.supportMessageReceived.key]: [[Events.supportReplied.key, Events.supportEscalated.key]],
};

function planned<D extends DescMessage>(
  definition: EventDefinition<D>,
  message: MessageShape<D>,
): PlannedEvent {
  return {
    definition: definition as unknown as EventDefinition,
    message: message as MessageShape<DescMessage>,
    eventId: envelopeOf(message)!.eventId,
    expects: DETERMINISTIC_RESULTS[definition.key] ?? [],
  };
}

/**
 * `perKind` events of each kind, interleaved: reviews (→ review.analysed), new products
 * (→ copy.generated for the one default locale and channel, graph.updated), orders
 * (→ fraud.order_scored), support messages (→ support.replied or support.escalated). Results that
 * depend on content (a fraud alert, a flagged review, a graph update from a review's aspects) are
 * not expected here; they are still covered by the no-duplicate check.
 */
export function mixedEvents(tenant: string, perKind: number): PlannedEvent[] {
  const out: PlannedEvent[] = [];
  const envelope = () => anEnvelope({ tenantId: tenant });
  for (let i = 0; i < perKind; i++) {
    out.push(planned(Events.reviewSubmitted, aReviewSubmitted({ envelope: envelope() })));
    out.push(planned(Events.productUpserted, aProductUpserted({ envelope: envelope() })));
    out.push(planned(Events.orderPlaced, anOrderPlaced({ envelope: envelope() })));
    out.push(planned(Events.supportMessageReceived, aSupportMessageReceived({ envelope: envelope() })));
  }
  return out;
}

/**
 * Publishes every event with up to `inFlight` at once; a publish that fails (NATS down, no ack) is
 * tried again until the stream acknowledges it. `published` counts the acknowledged ones.
 */
export class PersistentPublisher {
  published = 0;
  failedAttempts = 0;
  private readonly js: JetStreamClient;

  constructor(nc: NatsConnection) {
    this.js = jetstream(nc, { timeout: 5000 });
  }

  /** `perSecond` paces the stream so that the crashes fall while the shop is still publishing. */
  async publishAll(events: PlannedEvent[], { inFlight = 16, perSecond = 100 } = {}): Promise<void> {
    let next = 0;
    const started = performance.now();
    const worker = async (): Promise<void> => {
      while (next < events.length) {
        const index = next++;
        const event = events[index]!;
        const due = started + (index * 1000) / perSecond - performance.now();
        if (due > 0) await sleep(due);
        for (;;) {
          try {
            await publishEvent(this.js, event.definition, event.message, { msgId: event.eventId });
            break;
          } catch {
            this.failedAttempts++;
            await sleep(250);
          }
        }
        this.published++;
      }
    };
    await Promise.all(Array.from({ length: inFlight }, worker));
  }
}
