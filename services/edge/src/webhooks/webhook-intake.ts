// A webhook from signature to PubAck: the tenant's secret, the signature over the raw body, the
// platform's topic and id, a retry already delivered, the mapping to the ShopMind event, its
// validation by the contract, the JetStream publish (Nats-Msg-Id = event id) and, after the ack,
// the Redis mark that keeps later retries from publishing again. A payload that cannot become its
// event is answered 422 and kept as a dead letter on dlq.edge.<platform>.
import { createHash } from 'node:crypto';
import { headers as natsHeaders } from '@nats-io/transport-node';
import { BUS_HEADERS, BusPublisher, DependencyState } from '@shopmind/bus';
import { ContractError, encodeMessage } from '@shopmind/contracts';
import { createLogger } from '@shopmind/telemetry';
import { edgeMetrics } from '../edge-metrics.js';
import type { EdgeTenants, WebhookPlatform } from '../tenants/edge-tenants.js';
import { cardFingerprint } from './card-fingerprint.js';
import { header, webhookAdapters, type WebhookHeaders, type WebhookIdentity } from './platform-adapters.js';
import type { WebhookDedupeStore } from './webhook-dedupe-store.js';
import { MalformedWebhookError, type MappingContext } from './webhook-outcome.js';

export interface WebhookReply {
  status: number;
  body: Record<string, unknown>;
}

export interface IncomingWebhook {
  platform: WebhookPlatform;
  tenant: string;
  headers: WebhookHeaders;
  body: Buffer;
}

/** Thrown (and answered 503) when the bus cannot take the event or its dead letter: the platform retries. */
class BusUnavailable extends Error {}

const MAX_EVENT_ID = 128;

/**
 * Platform ids beyond 2^53 (Shopify's can be) lose digits as JSON numbers: such an integer is kept
 * as its source text, which the payload schemas read as an id.
 */
function keepLargeIntegers(_key: string, value: unknown, context?: { source?: string }): unknown {
  if (
    typeof value === 'number' &&
    !Number.isSafeInteger(value) &&
    context?.source &&
    /^-?\d+$/.test(context.source)
  )
    return context.source;
  return value;
}

/** `<platform>:<tenant>:<webhook id>`: unique across platforms and shops; hashed when too long or not printable. */
export function webhookEventId(platform: WebhookPlatform, tenant: string, webhookId: string): string {
  const id = `${platform}:${tenant}:${webhookId}`;
  if (id.length <= MAX_EVENT_ID && /^[\x21-\x7e]+$/.test(webhookId)) return id;
  return `${platform}:${tenant}:sha256-${createHash('sha256').update(webhookId).digest('hex').slice(0, 40)}`;
}

export class WebhookIntake {
  private readonly log = createLogger('edge.webhooks');

  constructor(
    private readonly tenants: EdgeTenants,
    private readonly publisher: BusPublisher,
    private readonly dedupe: WebhookDedupeStore,
    private readonly dependencies: DependencyState,
    private readonly fingerprintSecret: string,
  ) {}

  async receive(hook: IncomingWebhook): Promise<WebhookReply> {
    const adapter = webhookAdapters[hook.platform];
    const count = (topic: string, outcome: string) =>
      edgeMetrics().webhooks.add(1, { platform: hook.platform, topic, outcome });

    const secret = this.tenants.secretFor(hook.tenant, hook.platform);
    // Unknown tenant and wrong signature get the same answer: nothing tells a prober which shops exist.
    if (!secret || !adapter.verify(secret, hook.body, hook.headers)) {
      if (this.isWooCommercePing(hook)) {
        count('ping', 'ignored');
        return { status: 200, body: { status: 'ignored', reason: 'ping' } };
      }
      count('unknown', 'unauthorized');
      return {
        status: 401,
        body: {
          error: 'unauthorized',
          message: `missing or wrong ${adapter.signatureHeader}, or unknown tenant`,
        },
      };
    }

    let parsed: { value: unknown } | undefined;
    const payload = (): unknown => {
      if (!parsed) {
        try {
          parsed = { value: JSON.parse(hook.body.toString('utf8'), keepLargeIntegers) as unknown };
        } catch (err) {
          throw new MalformedWebhookError(`the body is not JSON: ${(err as Error).message}`);
        }
      }
      return parsed.value;
    };

    let identity: WebhookIdentity | undefined;
    let eventId: string | undefined;
    try {
      identity = adapter.identify(hook.headers, payload, hook.body);
      eventId = webhookEventId(hook.platform, hook.tenant, identity.webhookId);
      const ctx: MappingContext = {
        tenant: hook.tenant,
        eventId,
        occurredAt: identity.occurredAt ?? new Date(),
        cardFingerprint: (card) => cardFingerprint(this.fingerprintSecret, card),
      };
      const outcome = adapter.map(identity.topic, payload(), ctx);
      if (outcome.kind === 'ignored') {
        count(identity.topic, 'ignored');
        return { status: 200, body: { status: 'ignored', reason: outcome.reason } };
      }
      if (outcome.kind === 'acknowledged') {
        count(identity.topic, 'acknowledged');
        this.log.info(
          {
            platform: hook.platform,
            tenant: hook.tenant,
            topic: identity.topic,
            webhook_id: identity.webhookId,
          },
          outcome.note,
        );
        return { status: 200, body: { status: 'acknowledged' } };
      }
      if (await this.alreadyDelivered(eventId)) {
        count(identity.topic, 'duplicate');
        return { status: 200, body: { status: 'duplicate', eventId } };
      }
      const { definition, message } = outcome.event;
      const encoded = encodeMessage(definition.schema, message, 'json');
      const h = natsHeaders();
      h.set(BUS_HEADERS.contentType, encoded.contentType);
      const ack = await this.publisher
        .publishRaw(definition.subject(hook.tenant), encoded.data, h, eventId, eventId, definition.filter)
        .catch((err: unknown) => {
          throw new BusUnavailable(`publish failed: ${(err as Error).message}`, { cause: err });
        });
      await this.remember(eventId, ack.seq);
      count(identity.topic, ack.duplicate ? 'duplicate' : 'published');
      return {
        status: 200,
        body: {
          status: ack.duplicate ? 'duplicate' : 'published',
          eventId,
          subject: definition.subject(hook.tenant),
        },
      };
    } catch (err) {
      if (err instanceof MalformedWebhookError || err instanceof ContractError)
        return this.refuse(hook, identity, eventId, err.message, count);
      if (err instanceof BusUnavailable) {
        this.log.error({ err, platform: hook.platform, tenant: hook.tenant }, 'webhook not published');
        count(identity?.topic ?? 'unknown', 'unavailable');
        return {
          status: 503,
          body: { error: 'unavailable', message: 'the bus did not take the event; retry' },
        };
      }
      throw err;
    }
  }

  /** 422 with the reason, after the payload is stored as a dead letter (503 when it cannot be). */
  private async refuse(
    hook: IncomingWebhook,
    identity: WebhookIdentity | undefined,
    eventId: string | undefined,
    reason: string,
    count: (topic: string, outcome: string) => void,
  ): Promise<WebhookReply> {
    const h = natsHeaders();
    h.set(BUS_HEADERS.contentType, header(hook.headers, 'content-type') ?? 'application/octet-stream');
    h.set(BUS_HEADERS.dlqReason, reason.replace(/[\r\n]+/g, ' ').slice(0, 512));
    h.set('Shopmind-Edge-Tenant', hook.tenant);
    if (identity) {
      h.set('Shopmind-Edge-Topic', identity.topic.slice(0, 256));
      h.set('Shopmind-Edge-Webhook-Id', identity.webhookId.slice(0, 256));
    }
    const msgId = `dlq:edge:${eventId ?? `${hook.platform}:${hook.tenant}:sha256-${createHash('sha256').update(hook.body).digest('hex')}`}`;
    try {
      await this.publisher.publishRaw(`dlq.edge.${hook.platform}`, hook.body, h, msgId);
    } catch (err) {
      this.log.error(
        { err, platform: hook.platform, tenant: hook.tenant },
        'malformed webhook not dead-lettered',
      );
      count(identity?.topic ?? 'unknown', 'unavailable');
      return { status: 503, body: { error: 'unavailable', message: 'the webhook could not be kept; retry' } };
    }
    this.log.warn(
      { platform: hook.platform, tenant: hook.tenant, topic: identity?.topic, reason },
      'malformed webhook dead-lettered',
    );
    count(identity?.topic ?? 'unknown', 'malformed');
    return { status: 422, body: { error: 'malformed', message: reason } };
  }

  /** A retry delivered before? While Redis is down, the stream's own de-duplication window still holds. */
  private async alreadyDelivered(eventId: string): Promise<boolean> {
    try {
      return await this.dependencies.whileUp('redis', () => this.dedupe.delivered(eventId));
    } catch (err) {
      this.log.warn({ err, event_id: eventId }, 'webhook de-duplication skipped: Redis unavailable');
      return false;
    }
  }

  private async remember(eventId: string, seq: number): Promise<void> {
    try {
      await this.dependencies.whileUp('redis', () => this.dedupe.markDelivered(eventId, seq));
    } catch (err) {
      this.log.warn({ err, event_id: eventId }, 'webhook delivery not remembered: Redis unavailable');
    }
  }

  /** WooCommerce checks a new webhook's URL with an unsigned `webhook_id=<n>` form post. */
  private isWooCommercePing(hook: IncomingWebhook): boolean {
    return (
      hook.platform === 'woocommerce' &&
      this.tenants.has(hook.tenant) &&
      header(hook.headers, 'x-wc-webhook-topic') === undefined &&
      /^webhook_id=\d+$/.test(hook.body.toString('utf8').trim())
    );
  }
}
