// The contract's ResultSource for a gateway run: which tier answered, with what model, why a lesser
// tier did, the prompt version and what it cost. Every AI result a service publishes carries one.
import { create, type MessageShape } from '@bufbuild/protobuf';
import { ResultSourceSchema, SourceTier } from '@shopmind/contracts';
import type { RunResult, Tier } from '@shopmind/llm-gateway';

export type ResultSourceMessage = MessageShape<typeof ResultSourceSchema>;

const TIERS: Record<Tier, SourceTier> = {
  cache: SourceTier.CACHE,
  provider: SourceTier.PROVIDER,
  local: SourceTier.LOCAL,
};

export function resultSourceOf(
  run: RunResult<unknown>,
  task: { name: string; version: string },
): ResultSourceMessage {
  const s = run.source;
  // Lengths are the contract's limits (proto/shopmind/common/v1).
  return create(ResultSourceSchema, {
    tier: TIERS[s.tier],
    provider: (s.tier === 'local' ? 'local' : (s.provider ?? '')).slice(0, 64),
    model: (s.model ?? '').slice(0, 128),
    degradedReason: (s.degraded ?? '').slice(0, 256),
    promptVersion: `${task.name}@${task.version}`,
    inputTokens: run.usage.inputTokens,
    outputTokens: run.usage.outputTokens,
    costUsd: run.costUsd,
  });
}
