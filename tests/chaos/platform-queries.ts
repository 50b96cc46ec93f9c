// Every query kind of the catalogue (`Queries`) with a valid request for a shop, asked the way a
// shop asks it: over NATS request/reply with a deadline (Shopmind-Deadline). Shared by the chaos
// and cluster suites.
import type { DescMessage, MessageShape } from '@bufbuild/protobuf';
import { headers as natsHeaders, type NatsConnection } from '@nats-io/transport-node';
import { setTimeout as sleep } from 'node:timers/promises';
import { encodeMessage, Queries, type QueryDefinition } from '@shopmind/contracts';
import {
  aFraudScoreRequest,
  aGenerateCopyRequest,
  aGraphQueryRequest,
  aRequestMeta,
  aReviewSummaryRequest,
  aShoppingGuideRequest,
  aSupportChatRequest,
  aTopKRequest,
} from '@shopmind/testing';

/** Every query kind of the catalogue, with a valid request for the tenant. */
export function everyQuery(tenant: string): [QueryDefinition, MessageShape<DescMessage>][] {
  const meta = () => aRequestMeta({ tenantId: tenant });
  const all: [QueryDefinition, MessageShape<DescMessage>][] = [
    [Queries.reviewSummary, aReviewSummaryRequest({ meta: meta() })],
    [Queries.recommendTopK, aTopKRequest({ meta: meta() })],
    [Queries.shoppingGuide, aShoppingGuideRequest({ meta: meta() })],
    [Queries.supportChat, aSupportChatRequest({ meta: meta() })],
    [Queries.generateCopy, aGenerateCopyRequest({ meta: meta() })],
    [Queries.graphQuery, aGraphQueryRequest({ meta: meta() })],
    [Queries.fraudScore, aFraudScoreRequest({ meta: meta() })],
  ];
  const asked = all.map(([q]) => q.key).sort();
  const catalogue = Object.values(Queries)
    .map((q) => q.key)
    .sort();
  if (JSON.stringify(asked) !== JSON.stringify(catalogue))
    throw new Error(
      `the queries asked (${asked.join(', ')}) are not the catalogue's (${catalogue.join(', ')})`,
    );
  return all;
}

export interface QueryAnswer {
  /** The query's key, e.g. 'reviews.summary'. */
  key: string;
  /** The reply's error code (Shopmind-Error), '' for a reply; 'none' when nothing came back. */
  code: string;
  /** Whether the answer came back after the deadline the request carried. */
  late: boolean;
  /** Requests sent for it (more than one when `retryAfterMs` sent it again). */
  attempts: number;
}

export interface AskOptions {
  /**
   * Send a request again, with the same deadline, when no reply came within this time (a request or
   * its reply lost with a NATS server that died, as a shop's client would retry); default: never.
   */
  retryAfterMs?: number;
}

/** Waiting past the deadline only to tell a late answer from none. */
const GRACE_MS = 5_000;

/** Asks every query once (per attempt) with a deadline `deadlineMs` from now. */
export async function askEveryQuery(
  nc: NatsConnection,
  tenant: string,
  deadlineMs: number,
  options: AskOptions = {},
): Promise<QueryAnswer[]> {
  return Promise.all(
    everyQuery(tenant).map(async ([q, req]): Promise<QueryAnswer> => {
      const { data, contentType } = encodeMessage(q.request, req, 'json');
      const h = natsHeaders();
      h.set('content-type', contentType);
      const deadline = Date.now() + deadlineMs;
      h.set('Shopmind-Deadline', String(deadline));
      let attempts = 0;
      for (;;) {
        attempts++;
        const left = deadline + GRACE_MS - Date.now();
        try {
          const reply = await nc.request(q.subject(tenant), data, {
            headers: h,
            timeout: Math.min(left, options.retryAfterMs ?? left),
          });
          const code = reply.headers?.get('Shopmind-Error') ?? '';
          return { key: q.key, code, late: Date.now() > deadline, attempts };
        } catch {
          // No reply (timeout, no responders while the services reconnect): again, or give up.
          if (options.retryAfterMs === undefined || Date.now() + 100 >= deadline + GRACE_MS)
            return { key: q.key, code: 'none', late: true, attempts };
          await sleep(100);
        }
      }
    }),
  );
}
