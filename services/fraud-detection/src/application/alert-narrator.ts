// Writes the analyst narrative for an alert through the LLM gateway (provider, else the task's
// local template). Runs after the order scored result is out: alerts never hold up scoring.
import { create, type MessageShape } from '@bufbuild/protobuf';
import { ResultSourceSchema, SourceTier } from '@shopmind/contracts';
import type { LlmGateway, Tier } from '@shopmind/llm-gateway';
import type { OrderDecision } from './domain/order-scorer.js';
import type { OrderFacts } from './domain/order-facts.js';
import { alertNarrativeTask } from './tasks/alert-narrative-task.js';

const TIERS: Record<Tier, SourceTier> = {
  cache: SourceTier.CACHE,
  provider: SourceTier.PROVIDER,
  local: SourceTier.LOCAL,
};

export interface Narrative {
  text: string;
  source: MessageShape<typeof ResultSourceSchema>;
}

export class AlertNarrator {
  constructor(private readonly gateway: LlmGateway) {}

  async narrate(o: OrderFacts, d: OrderDecision, eventId: string): Promise<Narrative> {
    const run = await this.gateway.run(
      alertNarrativeTask,
      {
        score: Math.round(d.score * 1000) / 1000,
        decision: d.decision,
        amount: o.amount,
        currency: o.currency,
        categories: [...new Set(o.lines.map((l) => l.category))],
        reasons: d.reasons.map((r) => ({
          code: r.code,
          description: r.description,
          value: r.value,
          contribution: Math.round(r.contribution * 1000) / 1000,
        })),
      },
      { tenant: o.tenant, eventId },
    );
    const s = run.source;
    const checks = run.output.checks.length
      ? `\nChecks:\n${run.output.checks.map((c) => `- ${c}`).join('\n')}`
      : '';
    return {
      text: `${run.output.narrative}${checks}`.slice(0, 8192),
      source: create(ResultSourceSchema, {
        tier: TIERS[s.tier],
        provider: (s.tier === 'local' ? 'local' : (s.provider ?? '')).slice(0, 64),
        model: (s.model ?? '').slice(0, 128),
        degradedReason: (s.degraded ?? '').slice(0, 256),
        promptVersion: `${alertNarrativeTask.name}@${alertNarrativeTask.version}`,
        inputTokens: run.usage.inputTokens,
        outputTokens: run.usage.outputTokens,
        costUsd: run.costUsd,
      }),
    };
  }
}
