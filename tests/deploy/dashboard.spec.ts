// The Grafana dashboards in deploy/grafana query metrics by their Prometheus names, as the
// OpenTelemetry Collector's Prometheus exporter derives them from the instruments in libs/ and
// services/. A renamed instrument would leave a panel silently empty; this spec catches that, for
// every panel and template variable of every dashboard, and checks the dashboards' ConfigMap.
import { describe, it, expect } from '@jest/globals';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { renderKustomization } from './kustomize-renderer.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const grafana = join(root, 'deploy/grafana');

interface Target {
  expr: string;
}
interface Panel {
  type: string;
  title: string;
  targets?: Target[];
  datasource?: { uid: string };
  gridPos: { x: number; y: number; w: number; h: number };
}
interface Variable {
  name: string;
  type: string;
  query: string | { query: string };
}
interface Dashboard {
  uid: string;
  title: string;
  panels: Panel[];
  templating: { list: Variable[] };
}

const dashboardFiles = readdirSync(grafana).filter((name) => name.endsWith('.json'));
const dashboards = dashboardFiles.map((file) => ({
  file,
  dashboard: JSON.parse(readFileSync(join(grafana, file), 'utf8')) as Dashboard,
}));

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (name === 'node_modules' || name === 'dist' || name === 'gen') return [];
    if (statSync(p).isDirectory()) return sources(p);
    return /\.ts$/.test(name) && !/\.(spec|int-spec)\.ts$/.test(name) ? [p] : [];
  });
}

/**
 * The series names the collector's Prometheus exporter gives an instrument: dots become
 * underscores, the unit is appended (`s` as `_seconds`, annotations in braces dropped), counters
 * end in `_total` and histograms expose `_bucket`, `_sum` and `_count`.
 */
function prometheusNames(kind: string, name: string, unit: string | undefined): string[] {
  const suffix =
    unit === undefined || unit === '1' || /^\{.*\}$/.test(unit) ? '' : unit === 's' ? '_seconds' : `_${unit}`;
  const base = `${name.replace(/[.-]/g, '_')}${suffix}`;
  if (kind === 'Counter') return [`${base}_total`];
  if (kind === 'Histogram') return ['_bucket', '_sum', '_count'].map((s) => `${base}${s}`);
  return [base];
}

function instrumentSeries(): Set<string> {
  const series = new Set<string>();
  const create =
    /create(Counter|UpDownCounter|Histogram|Gauge|ObservableGauge|ObservableCounter)\(\s*'([^']+)'\s*(?:,\s*\{([^}]*)\})?/g;
  for (const file of [...sources(join(root, 'libs')), ...sources(join(root, 'services'))]) {
    for (const m of readFileSync(file, 'utf8').matchAll(create)) {
      const unit = /unit:\s*'([^']+)'/.exec(m[3] ?? '')?.[1];
      const kind = m[1].replace(/^Observable/, '').replace(/^UpDown/, 'Gauge');
      for (const n of prometheusNames(kind, m[2], unit)) series.add(n);
    }
  }
  return series;
}

/**
 * The ShopMind metric names a PromQL expression selects. Label names are not metrics: the
 * matchers in braces and the `by (…)` / `without (…)` clauses are dropped first.
 */
function metricsIn(expr: string): string[] {
  const bare = expr.replace(/\{[^}]*\}/g, '').replace(/\b(?:by|without)\s*\([^)]*\)/g, '');
  return [...bare.matchAll(/\b((?:shopmind|gen_ai)_[A-Za-z0-9_]+)/g)].map((m) => m[1]);
}

/** `label_values(metric, label)` of a query variable: the metric only. */
function metricsOfVariable(v: Variable): string[] {
  const query = typeof v.query === 'string' ? v.query : v.query.query;
  const m = /^label_values\(\s*([^,]+),/.exec(query);
  return m ? metricsIn(m[1]) : metricsIn(query);
}

const available = instrumentSeries();

describe('metricsIn and prometheusNames', () => {
  it('derives the exporter names for counters, histograms with seconds and annotated units', () => {
    expect(prometheusNames('Counter', 'shopmind.bus.dead_letters', undefined)).toEqual([
      'shopmind_bus_dead_letters_total',
    ]);
    expect(prometheusNames('Histogram', 'shopmind.bus.handler.duration', 's')).toContain(
      'shopmind_bus_handler_duration_seconds_bucket',
    );
    expect(prometheusNames('Histogram', 'gen_ai.client.token.usage', '{token}')).toContain(
      'gen_ai_client_token_usage_sum',
    );
    expect(prometheusNames('Counter', 'shopmind.llm.cost', 'USD')).toEqual(['shopmind_llm_cost_USD_total']);
  });

  it('finds metric names and skips label names in matchers and grouping clauses', () => {
    expect(
      metricsIn(
        'sum by (shopmind_llm_task) (rate(shopmind_llm_cache_lookups_total{shopmind_llm_task=~"$task", result="hit"}[5m])) / sum(gen_ai_client_token_usage_sum)',
      ),
    ).toEqual(['shopmind_llm_cache_lookups_total', 'gen_ai_client_token_usage_sum']);
  });

  it('knows the instruments the dashboards rely on (readiness, provider errors)', () => {
    expect(available).toContain('shopmind_service_ready');
    expect(available).toContain('shopmind_llm_provider_errors_total');
    expect(available).not.toContain('shopmind_no_such_metric_total');
  });
});

describe('deploy/grafana', () => {
  it('holds the platform and LLM dashboards, each with its own uid and title', () => {
    expect(dashboardFiles.sort()).toEqual(['llm.json', 'platform.json']);
    const uids = dashboards.map((d) => d.dashboard.uid);
    expect(uids.sort()).toEqual(['shopmind-llm', 'shopmind-platform']);
    expect(new Set(dashboards.map((d) => d.dashboard.title)).size).toBe(dashboards.length);
  });

  it('charts what operators watch: readiness, throughput, latency, lag and dead letters; tokens, cost, cache, fallbacks and provider errors', () => {
    const metricsOf = (uid: string): Set<string> =>
      new Set(
        dashboards
          .filter((d) => d.dashboard.uid === uid)
          .flatMap((d) =>
            d.dashboard.panels.flatMap((p) => (p.targets ?? []).flatMap((t) => metricsIn(t.expr))),
          ),
      );
    expect([...metricsOf('shopmind-platform')]).toEqual(
      expect.arrayContaining([
        'shopmind_service_ready',
        'shopmind_bus_messages_handled_total',
        'shopmind_bus_handler_duration_seconds_bucket',
        'shopmind_bus_consumer_lag',
        'shopmind_bus_dead_letters_total',
        'shopmind_bus_redeliveries_total',
      ]),
    );
    expect([...metricsOf('shopmind-llm')]).toEqual(
      expect.arrayContaining([
        'gen_ai_client_token_usage_sum',
        'shopmind_llm_cost_USD_total',
        'shopmind_llm_cache_lookups_total',
        'shopmind_llm_fallbacks_total',
        'shopmind_llm_provider_errors_total',
        'gen_ai_client_operation_duration_seconds_bucket',
      ]),
    );
  });

  it('ships every dashboard in the ConfigMap the Grafana sidecar picks up', () => {
    const [configMap, ...rest] = renderKustomization(grafana).manifests;
    expect(rest).toEqual([]);
    expect(configMap.kind).toBe('ConfigMap');
    expect(configMap.metadata.labels).toEqual({ grafana_dashboard: '1' });
    expect(Object.keys(configMap.data as Record<string, string>).sort()).toEqual(dashboardFiles.sort());
  });

  it('provisions Prometheus as the default data source and the dashboards folder for Grafana', () => {
    const datasources = parse(
      readFileSync(join(grafana, 'provisioning/datasources/prometheus.yaml'), 'utf8'),
    ) as { datasources: { type: string; url: string; isDefault: boolean }[] };
    expect(datasources.datasources).toEqual([
      expect.objectContaining({ type: 'prometheus', url: 'http://prometheus:9090', isDefault: true }),
    ]);
    const providers = parse(readFileSync(join(grafana, 'provisioning/dashboards/shopmind.yaml'), 'utf8')) as {
      providers: { type: string; options: { path: string } }[];
    };
    expect(providers.providers).toEqual([
      expect.objectContaining({
        type: 'file',
        options: expect.objectContaining({ path: '/var/lib/grafana/dashboards' }),
      }),
    ]);
  });
});

describe.each(dashboards)('deploy/grafana/$file', ({ dashboard }) => {
  const panels = dashboard.panels.filter((p) => p.type !== 'row');

  it('has panels that do not overlap', () => {
    const cells = new Set<string>();
    for (const p of dashboard.panels) {
      expect(p.gridPos.x + p.gridPos.w).toBeLessThanOrEqual(24);
      for (let x = p.gridPos.x; x < p.gridPos.x + p.gridPos.w; x++) {
        for (let y = p.gridPos.y; y < p.gridPos.y + p.gridPos.h; y++) {
          expect([p.title, cells.has(`${x},${y}`)]).toEqual([p.title, false]);
          cells.add(`${x},${y}`);
        }
      }
    }
  });

  it('queries, in every panel query, only metrics that an instrument in the code produces', () => {
    expect(panels.length).toBeGreaterThan(5);
    for (const p of panels) {
      expect([p.title, p.targets?.length ?? 0]).not.toEqual([p.title, 0]);
      for (const t of p.targets ?? []) {
        const used = metricsIn(t.expr);
        expect([p.title, t.expr, used.length > 0]).toEqual([p.title, t.expr, true]);
        expect([p.title, used.filter((name) => !available.has(name))]).toEqual([p.title, []]);
      }
    }
  });

  it('reads from the data source variable, whose template variables name produced metrics too', () => {
    for (const p of panels) expect([p.title, p.datasource?.uid]).toEqual([p.title, '${datasource}']);
    const variables = dashboard.templating.list;
    expect(variables.find((v) => v.name === 'datasource')?.type).toBe('datasource');
    for (const v of variables.filter((x) => x.type === 'query')) {
      const used = metricsOfVariable(v);
      expect([v.name, used.length > 0, used.filter((name) => !available.has(name))]).toEqual([
        v.name,
        true,
        [],
      ]);
    }
  });
});

describe('docker-compose.observability.yml: Prometheus and Grafana', () => {
  type Service = { ports?: string[]; volumes?: string[]; environment?: Record<string, string> };
  const overlay = parse(readFileSync(join(root, 'docker-compose.observability.yml'), 'utf8'), {
    merge: true,
  }) as { services: Record<string, Service> };
  const mounts = (service: Service): Record<string, string> =>
    Object.fromEntries(
      (service.volumes ?? [])
        .filter((v) => v.startsWith('./'))
        .map((v) => [v.split(':')[1], v.split(':')[0]]),
    );

  it('publishes every host port of the overlay on 127.0.0.1 only', () => {
    const ports = Object.entries(overlay.services).flatMap(([name, s]) =>
      (s.ports ?? []).map((p) => [name, p]),
    );
    expect(ports.map(([name]) => name)).toEqual(expect.arrayContaining(['prometheus', 'grafana']));
    for (const [name, port] of ports)
      expect([name, port]).toEqual([name, expect.stringMatching(/^127\.0\.0\.1:/)]);
  });

  it('has Prometheus scrape the port the collector exports its metrics on', () => {
    const prometheusConfig = mounts(overlay.services.prometheus)['/etc/prometheus/prometheus.yml'];
    expect(prometheusConfig).toBe('./deploy/prometheus/prometheus.yml');
    const config = parse(readFileSync(join(root, prometheusConfig), 'utf8')) as {
      scrape_configs: { static_configs: { targets: string[] }[] }[];
    };
    const targets = config.scrape_configs.flatMap((c) => c.static_configs.flatMap((s) => s.targets));
    const collector = parse(readFileSync(join(root, 'deploy/otel/collector.yaml'), 'utf8')) as {
      exporters: { prometheus: { endpoint: string } };
    };
    const port = collector.exporters.prometheus.endpoint.split(':').at(-1);
    expect(targets).toEqual([`otel-collector:${port}`]);
  });

  it('provisions Grafana from deploy/grafana, with the admin password required from the environment', () => {
    const grafanaMounts = mounts(overlay.services.grafana);
    expect(grafanaMounts['/etc/grafana/provisioning']).toBe('./deploy/grafana/provisioning');
    expect(grafanaMounts['/var/lib/grafana/dashboards']).toBe('./deploy/grafana');
    const env = overlay.services.grafana.environment ?? {};
    expect(env.GF_SECURITY_ADMIN_PASSWORD).toMatch(/^\$\{GRAFANA_ADMIN_PASSWORD:\?.+\}$/);
    expect(env.GF_AUTH_ANONYMOUS_ENABLED).toBe('false');
  });
});
