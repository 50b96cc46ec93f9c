// `check aggregates`: each service's aggregates recounted from the per-event record kept beside them
// (docs/decisions/redis-cluster-19.md, "An aggregate counted twice: the check"). The checks are the
// services' own (exported from their tools entries), run on the Redis the services use; a Redis
// Cluster is scanned on every master. Prints each difference and changes nothing. Exit 0 when
// consistent, 1 when a difference is found, 3 when Redis cannot be reached.
import type { CommandContext } from '../command-context.js';
import { ExitCode, UsageError } from '../exit-codes.js';

export const CHECKED_SERVICES = ['review-sentiment', 'knowledge-graph', 'fraud-detection'] as const;
export type CheckedService = (typeof CHECKED_SERVICES)[number];

export interface CheckAggregatesOptions {
  service: CheckedService | 'all';
  tenant?: string;
  product?: string;
}

/** One counter that does not match its record. */
export interface AggregateDifferenceLine {
  tenant: string;
  /** The product (review-sentiment, knowledge-graph) or the entity `<kind>:<hash>` (fraud-detection). */
  subject: string;
  field: string;
  counter: number;
  recount: number;
}

export interface ServiceCheckResult {
  service: CheckedService;
  /** Aggregates checked (products, or accounts for fraud-detection); absent when skipped. */
  checked?: number;
  differences: AggregateDifferenceLine[];
  /** Aggregates found but not checkable (their record does not reach back far enough). */
  notCheckable?: number;
  /** Why the service was not checked. */
  skipped?: string;
  /** What the figures mean, for the text output. */
  unit: string;
  notCheckableReason?: string;
}

/**
 * The service's check, loaded only when asked for: a tools entry brings its service's code along,
 * which no other command needs.
 */
async function runServiceCheck(
  ctx: CommandContext,
  service: CheckedService,
  options: CheckAggregatesOptions,
): Promise<ServiceCheckResult> {
  const redis = await ctx.redis();
  const { tenant, product } = options;
  switch (service) {
    case 'review-sentiment': {
      const { checkReviewAggregates } = await import('../../../services/review-sentiment/src/tools.js');
      const r = await checkReviewAggregates(redis, { tenant, product });
      return {
        service,
        unit: 'products',
        checked: r.products,
        differences: r.differences.map(({ product: subject, ...d }) => ({ ...d, subject })),
      };
    }
    case 'knowledge-graph': {
      const { checkGraphAggregates } = await import('../../../services/knowledge-graph/src/tools.js');
      const r = await checkGraphAggregates(redis, { tenant, product });
      return {
        service,
        unit: 'products',
        checked: r.products,
        differences: r.differences.map(({ product: subject, ...d }) => ({ ...d, subject })),
        notCheckable: r.notCheckable.length,
        notCheckableReason: 'reviews counted before the record existed, none since',
      };
    }
    case 'fraud-detection': {
      if (product !== undefined)
        return {
          service,
          unit: 'accounts',
          differences: [],
          skipped: 'its aggregates are per account, not per product',
        };
      const { checkFraudAggregates } = await import('../../../services/fraud-detection/src/tools.js');
      const r = await checkFraudAggregates(redis, { tenant });
      return {
        service,
        unit: 'accounts',
        checked: r.entities,
        differences: r.differences.map(({ entity: subject, ...d }) => ({ ...d, subject })),
        notCheckable: r.notCheckable,
        notCheckableReason: 'first seen before their 8-day window, or the window expired',
      };
    }
  }
}

export async function checkAggregatesCommand(
  ctx: CommandContext,
  options: CheckAggregatesOptions,
): Promise<number> {
  if (options.product !== undefined && options.tenant === undefined)
    throw new UsageError('--product needs --tenant: a product is checked within its shop');
  if (options.product !== undefined && options.service === 'fraud-detection')
    throw new UsageError('--product does not apply to fraud-detection (its aggregates are per account)');
  const services = options.service === 'all' ? CHECKED_SERVICES : [options.service];
  // Connect first: an unreachable Redis is exit 3 before anything is printed.
  await ctx.redis();
  let differences = 0;
  for (const service of services) {
    const result = await runServiceCheck(ctx, service, options);
    differences += result.differences.length;
    if (ctx.json) {
      const { unit: _unit, notCheckableReason: _reason, ...line } = result;
      ctx.outJson(line);
      continue;
    }
    if (result.skipped) {
      ctx.io.out(`${service}: skipped (${result.skipped})`);
      continue;
    }
    for (const d of result.differences)
      ctx.io.out(
        `${service} ${d.tenant} ${d.subject} ${d.field}: counter ${d.counter}, recount ${d.recount}`,
      );
    const notCheckable = result.notCheckable
      ? `, ${result.notCheckable} not checkable (${result.notCheckableReason})`
      : '';
    ctx.io.out(
      `${service}: ${result.checked} ${result.unit} checked, ${result.differences.length} differences${notCheckable}`,
    );
  }
  if (!ctx.json && differences > 0)
    ctx.io.err(
      `${differences} counters differ from their record: an event counted twice (a counter above its recount) or a damaged record (below); nothing was changed`,
    );
  return differences > 0 ? ExitCode.failed : ExitCode.ok;
}
