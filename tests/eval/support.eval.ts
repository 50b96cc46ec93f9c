// `npm run eval -- support <conversations.jsonl> [--details]`: runs customer-service on real NATS and
// Redis (local tier unless LLM settings are in the environment). For each line: a fresh tenant, the
// line's events published (tenant rewritten, event ids prefixed) and every consumer of the service
// acknowledged them, then the turns in order as chat requests; the turns of one userId share a
// conversation. Last line: {"task":"support","n_turns","intent_accuracy","mention_rate","escalation_accuracy","violations"}
import { readFileSync } from 'node:fs';
import { headers, type NatsConnection } from '@nats-io/transport-node';
import {
  consumerName,
  decodeMessage,
  encodeMessage,
  Queries,
  SupportChatReplySchema,
  SupportChatRequestSchema,
  type EventDefinition,
} from '@shopmind/contracts';
import { aSupportChatRequest, expectConsumerIdle, publishEvent } from '@shopmind/testing';
import yargs from 'yargs';
import { loadConfig } from '../../services/customer-service/src/config.js';
import { customerService } from '../../services/customer-service/src/tools.js';
import {
  asTenantEvent,
  parseConversations,
  scoreTurns,
  type TurnExpectation,
  type TurnReply,
} from './support-conversations.js';
import { startEvalRig } from './eval-rig.js';

export async function main(args: string[]): Promise<void> {
  const argv = await yargs(args)
    .usage('npm run eval -- support <conversations.jsonl> [--details]')
    .demandCommand(1)
    .option('details', { type: 'boolean', describe: 'one line per turn on stderr: expectation and reply' })
    .strict()
    .parse();
  const file = String(argv._[0]);
  const lines = parseConversations(readFileSync(file, 'utf8'));

  const rig = await startEvalRig('supeval', customerService, loadConfig);
  const { prefix, nc, js, jsm } = rig;
  const run = Date.now().toString(36);
  const scored: { expect: TurnExpectation; reply: TurnReply }[] = [];
  const started = Date.now();
  try {
    for (const [i, line] of lines.entries()) {
      const tenant = `sup${run}l${i + 1}`;
      const lastSeq = new Map<EventDefinition, number>();
      for (const e of line.events) {
        const { definition, message } = asTenantEvent(e, tenant);
        const { seq } = await publishEvent(js, definition, message, { prefix, tenant });
        lastSeq.set(definition, seq);
      }
      for (const [definition, streamSeq] of lastSeq) {
        await expectConsumerIdle(jsm, definition.stream, consumerName(rig.service, definition), {
          prefix,
          streamSeq,
          intervalMs: 5,
          timeoutMs: 30_000,
        });
      }
      for (const turn of line.turns) {
        const conversationId = `${tenant}-${turn.userId || 'guest'}`;
        const reply = await chat(nc, prefix, tenant, conversationId, turn.userId, turn.text);
        scored.push({ expect: turn.expect, reply });
        if (argv.details)
          console.error(
            JSON.stringify({
              line: line.line,
              user: turn.userId,
              text: turn.text,
              expect: turn.expect,
              reply,
            }),
          );
      }
    }
  } finally {
    await rig.close();
  }
  console.error(JSON.stringify({ file, lines: lines.length, seconds: (Date.now() - started) / 1000 }));
  console.log(JSON.stringify({ task: 'support', ...scoreTurns(scored) }));
}

async function chat(
  nc: NatsConnection,
  prefix: string,
  tenant: string,
  conversationId: string,
  userId: string,
  text: string,
): Promise<TurnReply> {
  const payload = encodeMessage(
    SupportChatRequestSchema,
    aSupportChatRequest({ meta: { tenantId: tenant }, conversationId, userId, text }),
    'json',
  );
  const h = headers();
  h.set('content-type', payload.contentType);
  const msg = await nc.request(`${prefix}.${Queries.supportChat.subject(tenant)}`, payload.data, {
    timeout: 15_000,
    headers: h,
  });
  const error = msg.headers?.get('Shopmind-Error');
  if (error) throw new Error(`chat turn "${text}": ${error} ${new TextDecoder().decode(msg.data)}`);
  const reply = decodeMessage(SupportChatReplySchema, msg.data, msg.headers?.get('content-type'));
  return { text: reply.text, intent: reply.intent, escalated: reply.escalated };
}
