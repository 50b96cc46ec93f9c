// GET /export/:tenant/graph.cypher and /export/:tenant/graph.jsonld — a tenant's whole graph for
// Neo4j or linked-data tools.
import { BadRequestException, Controller, Get, Header, Inject, Param } from '@nestjs/common';
import { type ExportedProduct, toCypher, toJsonLd } from '../domain/graph-export.js';
import { GraphStore } from '../stores/graph-store.js';

const TENANT = /^[a-z0-9][a-z0-9_-]{0,62}$/;

@Controller('export')
export class GraphExportController {
  constructor(@Inject(GraphStore) private readonly store: GraphStore) {}

  private async products(tenant: string): Promise<ExportedProduct[]> {
    const ids = await this.store.productIds(tenant);
    return Promise.all(
      ids.map(async (id) => {
        const [title, facts, reviews, neighbours] = await Promise.all([
          this.store.title(tenant, id),
          this.store.productFacts(tenant, id),
          this.store.reviewFacts(tenant, id),
          this.store.neighbours(tenant, `Product:${id}`, ['SIMILAR_TO'], 'out', 1000),
        ]);
        const similar = neighbours.map((n) => ({
          productId: n.node.slice('Product:'.length),
          weight: n.weight ?? 0,
        }));
        return { id, title, facts, reviews, similar };
      }),
    );
  }

  @Get(':tenant/graph.cypher')
  @Header('content-type', 'text/plain; charset=utf-8')
  @Header('cache-control', 'no-store')
  async cypher(@Param('tenant') tenant: string): Promise<string> {
    return toCypher(tenant, await this.products(checkTenant(tenant)));
  }

  @Get(':tenant/graph.jsonld')
  @Header('content-type', 'application/ld+json')
  @Header('cache-control', 'no-store')
  async jsonLd(@Param('tenant') tenant: string): Promise<string> {
    return JSON.stringify(toJsonLd(tenant, await this.products(checkTenant(tenant))));
  }
}

function checkTenant(tenant: string): string {
  if (!TENANT.test(tenant)) throw new BadRequestException('tenant must match ^[a-z0-9][a-z0-9_-]{0,62}$');
  return tenant;
}
