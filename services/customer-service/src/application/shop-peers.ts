// The other ShopMind services support asks over NATS request/reply: the shopping guide
// (`q.<tenant>.recommendation.guide`) for gift and product-finding requests, and the knowledge
// graph (`q.<tenant>.graph.query`) for a named product's facts. Each request has a deadline; a peer
// that is not running, errs or is late gives `undefined`, and the caller answers without it.
import { create, type DescMessage, type MessageInitShape, type MessageShape } from '@bufbuild/protobuf';
import { headers, type NatsConnection } from '@nats-io/transport-node';
import { BUS_HEADERS } from '@shopmind/bus';
import {
  decodeMessage,
  Direction,
  encodeMessage,
  NodeKind,
  prefixSubject,
  Queries,
  type GraphQueryReply,
  type QueryDefinition,
  type ShoppingGuideReply,
} from '@shopmind/contracts';
import { createLogger } from '@shopmind/telemetry';
import { supportMetrics } from '../support-metrics.js';

const log = createLogger('customer-service.peers');

export interface PeerOptions {
  readonly subjectPrefix: string;
  readonly guideTimeoutMs: number;
  readonly graphTimeoutMs: number;
}

export interface PeerCall {
  readonly tenant: string;
  readonly requestId: string;
  readonly correlationId: string;
  /** The caller's own deadline (epoch ms), if any: a peer never gets longer than that. */
  readonly deadline?: number;
}

export class ShopPeers {
  constructor(
    private readonly nc: NatsConnection,
    private readonly options: PeerOptions,
  ) {}

  /** One turn of the shopping guide in the same conversation. */
  async guide(
    call: PeerCall,
    turn: { conversationId: string; userId: string; text: string; locale: string },
  ): Promise<ShoppingGuideReply | undefined> {
    return this.ask(Queries.shoppingGuide, call, this.options.guideTimeoutMs, {
      conversationId: turn.conversationId,
      userId: turn.userId,
      text: turn.text.slice(0, 4000),
      locale: turn.locale,
      k: 3,
    });
  }

  /** The product node's neighbours in the knowledge graph (brand, material, ages, features, …). */
  async productFacts(call: PeerCall, productId: string): Promise<GraphQueryReply | undefined> {
    return this.ask(Queries.graphQuery, call, this.options.graphTimeoutMs, {
      query: {
        case: 'neighbours',
        value: { node: { kind: NodeKind.PRODUCT, id: productId }, direction: Direction.OUT },
      },
      limit: 50,
    });
  }

  private async ask<Req extends DescMessage, Res extends DescMessage>(
    query: QueryDefinition<Req, Res>,
    call: PeerCall,
    timeoutMs: number,
    fields: Omit<MessageInitShape<Req>, 'meta'>,
  ): Promise<MessageShape<Res> | undefined> {
    const deadline = Math.min(Date.now() + timeoutMs, call.deadline ?? Number.POSITIVE_INFINITY);
    const timeout = deadline - Date.now();
    const peer = query === (Queries.shoppingGuide as unknown) ? 'guide' : 'graph';
    if (timeout <= 0) {
      supportMetrics().peerUnanswered.add(1, { peer });
      return undefined;
    }
    const request = create(query.request, {
      ...fields,
      meta: {
        requestId: `${call.requestId}:${query.key}`,
        tenantId: call.tenant,
        correlationId: call.correlationId,
      },
    } as unknown as MessageInitShape<Req>);
    const payload = encodeMessage(query.request, request, 'json');
    const h = headers();
    h.set('content-type', payload.contentType);
    h.set(BUS_HEADERS.deadline, String(deadline));
    try {
      const reply = await this.nc.request(
        prefixSubject(this.options.subjectPrefix, query.subject(call.tenant)),
        payload.data,
        { timeout, headers: h },
      );
      const error = reply.headers?.get(BUS_HEADERS.error);
      if (error) {
        log.warn({ query: query.key, error }, 'peer answered with an error');
        supportMetrics().peerUnanswered.add(1, { peer });
        return undefined;
      }
      return decodeMessage(query.reply, reply.data, reply.headers?.get('content-type'));
    } catch (err) {
      log.info({ query: query.key, reason: (err as Error).message }, 'peer did not answer');
      supportMetrics().peerUnanswered.add(1, { peer });
      return undefined;
    }
  }
}
