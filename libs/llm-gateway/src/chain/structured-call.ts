// One provider asked for a structured answer: the call under the provider's resilience policy,
// validation against the task's schema, and on an invalid answer one repair call that shows the
// model the validation error.
import { z } from 'zod';
import type { LeaderCall } from '../call/gateway-call.js';
import type { ProviderConfig } from '../config.js';
import { ProviderFailure, type ProviderFailureKind } from '../errors.js';
import type { ChatMessage } from '../prompt/data-block.js';
import type { ChatResponse, LlmProvider } from '../providers/provider.js';
import type { ProviderPolicy } from '../resilience/provider-policy.js';
import type { LlmTask } from '../task.js';
import type { GatewayTelemetry } from '../telemetry/gateway-telemetry.js';

/** A configured provider with its resilience policy, in chain order. */
export interface ChainEntry {
  provider: LlmProvider;
  config: ProviderConfig;
  policy: ProviderPolicy;
}

/** The provider asked, and the model asked of it (the task's preference or the configured one). */
export interface ProviderTarget {
  entry: ChainEntry;
  model: string;
}

export interface StructuredAnswer<O> {
  output: O;
  repaired: boolean;
  /** The model that actually answered. */
  answeredBy: string;
}

export type CheckedAnswer<O> =
  { ok: true; value: O } | { ok: false; kind: ProviderFailureKind; error: string };

export class StructuredCaller {
  constructor(
    private readonly telemetry: GatewayTelemetry,
    private readonly defaultMaxOutputTokens: number,
  ) {}

  /** Throws a ProviderFailure when the provider fails or its answer will not do even after a repair. */
  async call<I, O>(leader: LeaderCall<I, O>, target: ProviderTarget): Promise<StructuredAnswer<O>> {
    const { task } = leader.call;
    const { entry } = target;
    const first = await this.send(leader, target, leader.prepared.messages);
    const checked = checkAnswer(task, first);
    if (checked.ok)
      return { output: leader.prepared.restore(checked.value), repaired: false, answeredBy: first.model };
    if (checked.kind !== 'invalid_output')
      throw new ProviderFailure(checked.kind, entry.config.name, checked.error);
    const repair: ChatMessage[] = [
      ...leader.prepared.messages,
      { role: 'assistant', content: first.content },
      {
        role: 'user',
        content: `Your previous reply was not valid against the required JSON schema:\n${checked.error}\nReply again with only the corrected JSON object.`,
      },
    ];
    const second = await this.send(leader, target, repair);
    const rechecked = checkAnswer(task, second);
    if (rechecked.ok)
      return { output: leader.prepared.restore(rechecked.value), repaired: true, answeredBy: second.model };
    throw new ProviderFailure(rechecked.kind, entry.config.name, `after one repair: ${rechecked.error}`);
  }

  /** One request (with the policy's retries), each attempt in a `chat <model>` span; paid on answer. */
  private send<I, O>(
    leader: LeaderCall<I, O>,
    target: ProviderTarget,
    messages: ChatMessage[],
  ): Promise<ChatResponse> {
    const { task, compiled, options } = leader.call;
    const { entry, model } = target;
    const spend = leader.spend;
    return entry.policy.execute(
      (attemptSignal) =>
        this.telemetry.chatCall(entry.provider, model, task.name, async () => {
          const res = await entry.provider.chat(
            {
              model,
              messages,
              schema: { name: compiled.schemaName, schema: compiled.jsonSchema },
              temperature: task.modelPreferences?.temperature,
              maxOutputTokens: task.modelPreferences?.maxOutputTokens ?? this.defaultMaxOutputTokens,
            },
            attemptSignal,
          );
          // Paid as soon as it answered, whatever we think of the answer.
          spend.usage.inputTokens += res.usage.inputTokens;
          spend.usage.outputTokens += res.usage.outputTokens;
          const usd =
            (res.usage.inputTokens * entry.config.price.input +
              res.usage.outputTokens * entry.config.price.output) /
            1e6;
          spend.costUsd += usd;
          this.telemetry.cost(task.name, entry.config.name, usd);
          return res;
        }),
      options.signal,
    );
  }
}

/** Only a complete answer (finish_reason stop) that parses and fits the task's schema will do. */
export function checkAnswer<I, O>(task: LlmTask<I, O>, res: ChatResponse): CheckedAnswer<O> {
  if (res.finishReason === 'length')
    return {
      ok: false,
      kind: 'truncated',
      error: 'answer cut off at the token limit (finish_reason length)',
    };
  if (res.finishReason === 'content_filter')
    return { ok: false, kind: 'content_filter', error: 'answer withheld by the content filter' };
  let json: unknown;
  try {
    json = JSON.parse(res.content);
  } catch (e) {
    return { ok: false, kind: 'invalid_output', error: `not valid JSON: ${(e as Error).message}` };
  }
  const parsed = task.output.safeParse(json);
  if (!parsed.success) return { ok: false, kind: 'invalid_output', error: z.prettifyError(parsed.error) };
  if (res.finishReason !== 'stop')
    return { ok: false, kind: 'invalid_output', error: `unexpected finish_reason ${res.finishReason}` };
  return { ok: true, value: parsed.data };
}
