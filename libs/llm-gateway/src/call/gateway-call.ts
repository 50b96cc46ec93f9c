// The one object a `run` builds for its request and hands to every stage (lookup, single flight,
// provider chain, local tier), instead of a growing list of positional parameters.
import type { Span } from '@opentelemetry/api';
import type { Reservation } from '../budget/budget-ledger.js';
import type { FlightKeys } from '../cache/result-store.js';
import type { RunOptions } from '../gateway-types.js';
import type { ChatMessage } from '../prompt/data-block.js';
import type { TokenUsage } from '../providers/provider.js';
import type { LlmTask } from '../task.js';

/** What is computed once per task (cached per task object). */
export interface CompiledTask {
  /** Canonical JSON of the key's fixed fields, split around the input and tenant. */
  keyHead: string;
  schemaName: string;
  jsonSchema: Record<string, unknown>;
  schemaHash: string;
  chainId: string;
}

/** One request through the gateway: built once by `run`, read by every stage. */
export interface GatewayCall<I, O> {
  readonly task: LlmTask<I, O>;
  readonly input: I;
  readonly options: RunOptions;
  readonly compiled: CompiledTask;
  readonly cacheKey: string;
  /** The `llm <task>` span of this run. */
  readonly span: Span;
  /** Cache entry, finished-flight outcome and lease of this cache key. */
  readonly keys: FlightKeys;
  /** The exact cache is on and the task caches its answers. */
  readonly cacheable: boolean;
  /** Where this event's result is stored (only with an event id). */
  readonly eventKey: string | undefined;
  /**
   * False when Redis did not take the subject's listing (see README, Erasure): then nothing
   * computed from the customer's text is kept, neither cache entry nor event result. Set by the
   * gateway before the flight starts.
   */
  keep: boolean;
}

/** The prompt as it leaves for a provider, and what it is estimated to cost. */
export interface Prepared {
  messages: ChatMessage[];
  estimateTokens: number;
  estimateUsd: number;
  restore<T>(value: T): T;
}

/** What a provider call has cost so far: paid as soon as a provider answered, valid or not. */
export interface CallSpend {
  usage: TokenUsage;
  costUsd: number;
}

/** The leader's share of a call: its prepared prompt, its budget reservation and what it spent. */
export interface LeaderCall<I, O> {
  readonly call: GatewayCall<I, O>;
  readonly prepared: Prepared;
  readonly reservation: Reservation;
  readonly spend: CallSpend;
}

export const ZERO_USAGE: TokenUsage = { inputTokens: 0, outputTokens: 0 };

/** Why an exact cache entry matched: every part of its key. */
export function hitReason<I, O>(call: GatewayCall<I, O>): string {
  const { task, compiled, options } = call;
  return `exact match: ${task.name}@${task.version}, schema ${compiled.schemaHash.slice(0, 12)}, chain ${compiled.chainId}, ${task.shareable ? 'shared' : `tenant ${options.tenant}`}, normalised input`;
}
