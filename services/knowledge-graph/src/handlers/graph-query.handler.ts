// Answers q.<tenant>.graph.query: neighbours of a node, products matching a conjunction (with
// numeric ranges on ages), or paths of up to 3 hops. Names in the request are normalised and
// alias-resolved like extracted facts, so "LEGO" finds Brand "lego".
import { create } from '@bufbuild/protobuf';
import { Controller, Inject } from '@nestjs/common';
import { DependencyState, OnQuery, PermanentError, type QueryContext } from '@shopmind/bus';
import {
  Comparison,
  Direction,
  GraphQueryReplySchema,
  Queries,
  type GraphQueryReply,
  type GraphQueryRequest,
  type NodeRef,
} from '@shopmind/contracts';
import type { KnowledgeGraphConfig } from '../config.js';
import { EntityResolver } from '../domain/entity-resolver.js';
import { NUMERIC_RELATIONS, OBJECT_TYPE, type Relation } from '../domain/ontology.js';
import { KNOWLEDGE_GRAPH_CONFIG } from '../knowledge-graph-tokens.js';
import { knowledgeGraphMetrics } from '../knowledge-graph-metrics.js';
import { GraphStore, type MatchCondition } from '../stores/graph-store.js';
import {
  nodeOf,
  nodeTypeOfKind,
  relationFromPb,
  relationToPb,
  storeSource,
  tripleToPb,
} from '../messages/graph-messages.js';

const COMPARISON: Record<Comparison, MatchCondition['comparison']> = {
  [Comparison.UNSPECIFIED]: 'eq',
  [Comparison.EQ]: 'eq',
  [Comparison.LT]: 'lt',
  [Comparison.LTE]: 'lte',
  [Comparison.GT]: 'gt',
  [Comparison.GTE]: 'gte',
};

@Controller()
export class GraphQueryHandler {
  constructor(
    @Inject(GraphStore) private readonly store: GraphStore,
    @Inject(EntityResolver) private readonly resolver: EntityResolver,
    @Inject(KNOWLEDGE_GRAPH_CONFIG) private readonly config: KnowledgeGraphConfig,
    @Inject(DependencyState) private readonly dependencies: DependencyState,
  ) {}

  /** The graph lives in Redis: while it is down, `unavailable` at once instead of at the deadline. */
  private fromStore<T>(read: () => Promise<T>): Promise<T> {
    return this.dependencies.whileUp('redis', read);
  }

  private nodeIdOf(ref: NodeRef): string {
    const type = nodeTypeOfKind(ref.kind);
    if (!type) throw new PermanentError(`unknown node kind ${ref.kind}`);
    if (type === 'Product') return `Product:${ref.id}`;
    if (type === 'Number') return `Number:${Number(ref.id)}`;
    return `${type}:${this.resolver.resolve(type, ref.id)}`;
  }

  private relationsOf(list: number[]): Relation[] {
    return list.map((r) => {
      const relation = relationFromPb(r);
      if (!relation) throw new PermanentError(`unknown relation ${r}`);
      return relation;
    });
  }

  @OnQuery(Queries.graphQuery)
  async graphQuery(req: GraphQueryRequest, ctx: QueryContext): Promise<GraphQueryReply> {
    const limit = req.limit || this.config.queryLimit;
    const reply = create(GraphQueryReplySchema, {
      meta: {
        requestId: ctx.requestId,
        correlationId: ctx.correlationId || ctx.requestId,
        source: storeSource(),
      },
    });
    const q = req.query;
    knowledgeGraphMetrics().queries.add(1, { kind: q.case ?? 'none' });
    if (q.case === 'neighbours') {
      const direction =
        q.value.direction === Direction.OUT ? 'out' : q.value.direction === Direction.IN ? 'in' : 'both';
      const node = this.nodeIdOf(q.value.node!);
      const relations = this.relationsOf(q.value.relations);
      const found = await this.fromStore(() =>
        this.store.neighbours(ctx.tenant, node, relations, direction, limit + 1),
      );
      reply.truncated = found.length > limit;
      reply.neighbours = found.slice(0, limit).map((n) => ({
        $typeName: 'shopmind.graph.v1.Neighbour' as const,
        relation: relationToPb(n.relation),
        direction: n.direction === 'out' ? Direction.OUT : Direction.IN,
        node: nodeOf(n.node),
        ...(n.number !== undefined ? { number: n.number } : {}),
        count: n.count ?? 0,
        weight: n.weight ?? 0,
      }));
    } else if (q.case === 'match') {
      const conditions: MatchCondition[] = q.value.conditions.map((c) => {
        const relation = this.relationsOf([c.relation])[0];
        if (NUMERIC_RELATIONS.has(relation)) {
          const n = c.number ?? Number(c.object);
          if (!Number.isFinite(n)) throw new PermanentError(`${relation} needs a number`);
          return { relation, number: n, comparison: COMPARISON[c.comparison] };
        }
        return { relation, object: this.resolver.resolve(OBJECT_TYPE[relation], c.object) };
      });
      const { products, truncated } = await this.fromStore(() =>
        this.store.match(ctx.tenant, conditions, limit),
      );
      reply.truncated = truncated;
      reply.products = products.map((p) => ({
        $typeName: 'shopmind.graph.v1.ProductMatch' as const,
        productId: p.productId,
        title: p.title,
        evidence: p.evidence.map((t) => tripleToPb(t)),
      }));
    } else if (q.case === 'paths') {
      if (!q.value.from || !q.value.to) throw new PermanentError('paths needs from and to');
      const from = this.nodeIdOf(q.value.from);
      const to = this.nodeIdOf(q.value.to);
      const paths = await this.fromStore(() =>
        this.store.paths(ctx.tenant, from, to, q.value.maxHops || 3, limit),
      );
      reply.paths = paths.map((path) => ({
        $typeName: 'shopmind.graph.v1.Path' as const,
        hops: path.map((h) => {
          const [subject, object] = h.direction === 'out' ? [h.from, h.to] : [h.to, h.from];
          return {
            $typeName: 'shopmind.graph.v1.Triple' as const,
            subject: nodeOf(subject),
            relation: relationToPb(h.relation),
            object: nodeOf(object),
            count: 0,
            weight: 0,
          };
        }),
      }));
    } else {
      throw new PermanentError('a graph query needs neighbours, match or paths');
    }
    return reply;
  }
}
