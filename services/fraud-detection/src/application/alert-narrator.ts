// Writes the analyst narrative for an alert through the LLM gateway (provider, else the task's
// local template). Runs after the order scored result is out: alerts never hold up scoring.
import type { LlmGateway, RunOptions } from '@shopmind/llm-gateway';
import { resultSourceOf, type ResultSourceMessage } from '@shopmind/service-kit';
import type { OrderDecision } from '../domain/order-scorer.js';
import type { OrderFacts } from '../domain/order-facts.js';
import { alertNarrativeTask } from '../tasks/alert-narrative-task.js';

export interface Narrative {
  text: string;
  source: ResultSourceMessage;
}

export class AlertNarrator {
  constructor(private readonly gateway: LlmGateway) {}

  async narrate(o: OrderFacts, d: OrderDecision, options: RunOptions): Promise<Narrative> {
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
      options,
    );
    const checks = run.output.checks.length
      ? `\nChecks:\n${run.output.checks.map((c) => `- ${c}`).join('\n')}`
      : '';
    return {
      text: `${run.output.narrative}${checks}`.slice(0, 8192),
      source: resultSourceOf(run, alertNarrativeTask),
    };
  }
}
