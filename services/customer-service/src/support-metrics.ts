// The service's own metrics (meter `shopmind`), created on first use from the provider registered then.
import { metrics, type Counter, type Histogram } from '@opentelemetry/api';

interface SupportInstruments {
  /** `shopmind.support.turns` — attributes `channel` (chat | message), `intent`, `outcome` (answered | unanswered | escalated), `tier`. */
  turns: Counter;
  /** `shopmind.support.turn.duration` in seconds. */
  turnDuration: Histogram;
  /** `shopmind.support.escalations` — attributes `reason`, `priority`. */
  escalations: Counter;
  /** `shopmind.support.instructions_ignored` — turns whose message tried to instruct the assistant. */
  instructionsIgnored: Counter;
  /** `shopmind.support.peer_unanswered` — attribute `peer` (guide | graph): a peer gave no answer in time. */
  peerUnanswered: Counter;
  /** `shopmind.support.erasures` — erasure requests carried out. */
  erasures: Counter;
  /** `shopmind.support.kb_reloads` — attribute `outcome` (loaded | refused). */
  kbReloads: Counter;
}

let cached: SupportInstruments | undefined;

export function supportMetrics(): SupportInstruments {
  if (!cached) {
    const m = metrics.getMeter('shopmind');
    cached = {
      turns: m.createCounter('shopmind.support.turns', { description: 'Support turns answered, by outcome' }),
      turnDuration: m.createHistogram('shopmind.support.turn.duration', {
        description: 'Time to answer one support turn',
        unit: 's',
      }),
      escalations: m.createCounter('shopmind.support.escalations', { description: 'Hand-overs to a person' }),
      instructionsIgnored: m.createCounter('shopmind.support.instructions_ignored', {
        description: 'Messages with instructions to the assistant, cut out',
      }),
      peerUnanswered: m.createCounter('shopmind.support.peer_unanswered', {
        description: 'Guide or graph requests without an answer in time',
      }),
      erasures: m.createCounter('shopmind.support.erasures', {
        description: 'Customer erasures carried out',
      }),
      kbReloads: m.createCounter('shopmind.support.kb_reloads', {
        description: 'Knowledge base loads, by outcome',
      }),
    };
  }
  return cached;
}
