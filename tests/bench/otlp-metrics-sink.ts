// A minimal OTLP/HTTP (JSON) metrics receiver for benches: services pointed at it with
// OTEL_EXPORTER_OTLP_METRICS_ENDPOINT push their cumulative counters every export interval, and the
// bench reads the latest value per process (`service.instance.id`), metric and attribute set. This is
// how a bench learns what each replica of a service did: the services expose no metrics endpoint.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

interface OtlpValue {
  stringValue?: string;
  intValue?: string | number;
}
interface OtlpAttribute {
  key: string;
  value: OtlpValue;
}
interface OtlpPoint {
  attributes?: OtlpAttribute[];
  asInt?: string | number;
  asDouble?: number;
}
interface OtlpMetric {
  name: string;
  sum?: { dataPoints: OtlpPoint[] };
}
interface OtlpExport {
  resourceMetrics?: {
    resource?: { attributes?: OtlpAttribute[] };
    scopeMetrics?: { metrics?: OtlpMetric[] }[];
  }[];
}

/** One counter point: its attributes (as strings) and its cumulative value. */
export interface CounterPoint {
  attributes: Record<string, string>;
  value: number;
}

const attributesOf = (attrs: OtlpAttribute[] = []): Record<string, string> =>
  Object.fromEntries(attrs.map((a) => [a.key, String(a.value.stringValue ?? a.value.intValue ?? '')]));

export class OtlpMetricsSink {
  /** instance → metric name → points of the latest export. */
  private readonly latest = new Map<string, Map<string, CounterPoint[]>>();
  /** instance → when its latest export arrived (performance.now()). */
  private readonly lastExport = new Map<string, number>();

  private readonly server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      try {
        if (req.url === '/v1/metrics') this.take(JSON.parse(Buffer.concat(chunks).toString()) as OtlpExport);
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      } catch {
        res.writeHead(400).end();
      }
    });
  });

  static async start(): Promise<OtlpMetricsSink> {
    const sink = new OtlpMetricsSink();
    await new Promise<void>((resolve) => sink.server.listen(0, '127.0.0.1', resolve));
    return sink;
  }

  /** The URL to give as OTEL_EXPORTER_OTLP_METRICS_ENDPOINT. */
  get endpoint(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/v1/metrics`;
  }

  /** Points of a counter from `instance`'s latest export (empty before its first). */
  counter(instance: string, metric: string): CounterPoint[] {
    return this.latest.get(instance)?.get(metric) ?? [];
  }

  /** When `instance`'s latest export arrived (performance.now() clock), or -Infinity. */
  exportedAt(instance: string): number {
    return this.lastExport.get(instance) ?? -Infinity;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private take(body: OtlpExport): void {
    for (const rm of body.resourceMetrics ?? []) {
      const instance = attributesOf(rm.resource?.attributes)['service.instance.id'];
      if (!instance) continue;
      const metrics = this.latest.get(instance) ?? new Map<string, CounterPoint[]>();
      for (const sm of rm.scopeMetrics ?? [])
        for (const m of sm.metrics ?? [])
          if (m.sum)
            metrics.set(
              m.name,
              m.sum.dataPoints.map((p) => ({
                attributes: attributesOf(p.attributes),
                value: Number(p.asInt ?? p.asDouble ?? 0),
              })),
            );
      this.latest.set(instance, metrics);
      this.lastExport.set(instance, performance.now());
    }
  }
}
