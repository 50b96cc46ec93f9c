// deploy/grafana/shopmind-overview.json queries metrics by their Prometheus names, as the
// OpenTelemetry Collector's Prometheus exporter derives them from the instruments in libs/ and
// services/. A renamed instrument would leave a panel silently empty; this spec catches that.
import { describe, it, expect } from '@jest/globals';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

interface Panel {
  title: string;
  targets: { expr: string }[];
  gridPos: { x: number; y: number; w: number; h: number };
}
const dashboard = JSON.parse(readFileSync(join(root, 'deploy/grafana/shopmind-overview.json'), 'utf8')) as {
  uid: string;
  panels: Panel[];
};

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

describe('prometheusNames', () => {
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
  });
});

describe('deploy/grafana/shopmind-overview.json', () => {
  it('has panels that do not overlap', () => {
    expect(dashboard.uid).toBe('shopmind-overview');
    const cells = new Set<string>();
    for (const p of dashboard.panels) {
      for (let x = p.gridPos.x; x < p.gridPos.x + p.gridPos.w; x++) {
        for (let y = p.gridPos.y; y < p.gridPos.y + p.gridPos.h; y++) {
          expect(cells.has(`${x},${y}`)).toBe(false);
          cells.add(`${x},${y}`);
        }
      }
    }
  });

  it('queries only metrics that an instrument in the code produces', () => {
    const available = instrumentSeries();
    const used = dashboard.panels.flatMap((p) =>
      p.targets.flatMap((t) =>
        [...t.expr.replace(/\bby\s*\([^)]*\)/g, '').matchAll(/\b((?:shopmind|gen_ai)_[a-z0-9_]+)/g)].map(
          (m) => m[1],
        ),
      ),
    );
    expect(used.length).toBeGreaterThanOrEqual(dashboard.panels.length);
    const missing = [...new Set(used)].filter((name) => !available.has(name));
    expect(missing).toEqual([]);
  });
});
