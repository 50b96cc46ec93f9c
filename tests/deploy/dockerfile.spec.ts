// The one ShopMind image (deploy/Dockerfile), checked without a Docker engine: its stages, what the
// build runs, and that the runtime stage is small, unprivileged, health-checked and starts a service
// with telemetry registered first.
import { describe, it, expect } from '@jest/globals';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execForm, parseDockerfile, resolvedBase, type Stage } from './dockerfile-parser.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const dockerfile = parseDockerfile(readFileSync(join(root, 'deploy', 'Dockerfile'), 'utf8'));
const runtime = dockerfile.stages[dockerfile.stages.length - 1];
const build = dockerfile.stages.find((s) => s.name === 'build');

function runs(stage: Stage | undefined): string[] {
  return (stage?.instructions ?? []).filter((i) => i.keyword === 'RUN').map((i) => i.args);
}

describe('deploy/Dockerfile parser', () => {
  it('joins continuation lines and rejects a file that ends inside one', () => {
    const parsed = parseDockerfile('FROM a AS b\nRUN one \\\n  two\n');
    expect(parsed.stages[0].instructions[0]).toMatchObject({ keyword: 'RUN', args: 'one two' });
    expect(() => parseDockerfile('FROM a\nRUN one \\\n')).toThrow(/continuation/);
  });
});

describe('deploy/Dockerfile', () => {
  it('builds in a separate stage from the runtime, both on Node 24 slim', () => {
    expect(build).toBeDefined();
    expect(runtime).not.toBe(build);
    for (const stage of dockerfile.stages)
      expect(resolvedBase(dockerfile, stage)).toMatch(/^node:24(\.\d+)*-slim$/);
  });

  it('installs from the lock file, compiles with the build script and drops dev dependencies', () => {
    const steps = runs(build);
    const ci = steps.findIndex((r) => /\bnpm ci\b/.test(r));
    const compile = steps.findIndex((r) => r.includes('node scripts/build.mjs'));
    expect(ci).toBeGreaterThanOrEqual(0);
    expect(compile).toBeGreaterThan(ci);
    expect(steps.slice(compile).join(' ')).toMatch(/npm prune --omit=dev/);
  });

  it('copies every workspace package.json before npm ci, so a new lib or service cannot be forgotten', () => {
    const instructions = build?.instructions ?? [];
    const ciAt = instructions.findIndex((i) => i.keyword === 'RUN' && /\bnpm ci\b/.test(i.args));
    const copied = instructions
      .slice(0, ciAt)
      .filter((i) => i.keyword === 'COPY')
      .map((i) => i.args.split(/\s+/)[0]);
    // The root package.json's workspaces: folders (`cli`) and one-level globs (`libs/*`).
    const patterns = (
      JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { workspaces: string[] }
    ).workspaces;
    const workspaces = patterns
      .flatMap((pattern) =>
        pattern.endsWith('/*')
          ? readdirSync(join(root, pattern.slice(0, -2))).map((name) => `${pattern.slice(0, -2)}/${name}`)
          : [pattern],
      )
      .filter((dir) => existsSync(join(root, dir, 'package.json')))
      .map((dir) => `${dir}/package.json`);
    expect(workspaces).toContain('cli/package.json');
    expect(copied).toEqual(expect.arrayContaining(['package.json', ...workspaces]));
  });

  it('runs the service as a numeric non-root user', () => {
    const users = runtime.instructions.filter((i) => i.keyword === 'USER').map((i) => i.args.trim());
    expect(users.length).toBeGreaterThan(0);
    const last = users[users.length - 1];
    // Numeric, so Kubernetes can verify runAsNonRoot without looking into /etc/passwd.
    expect(last).toMatch(/^\d+(:\d+)?$/);
    expect(last.split(':')[0]).not.toBe('0');
  });

  it('copies into the runtime only from stages that exist', () => {
    const names = new Set(dockerfile.stages.map((s) => s.name));
    const froms = runtime.instructions
      .filter((i) => i.keyword === 'COPY')
      .map((i) => /--from=(\S+)/.exec(i.args)?.[1]);
    expect(froms.length).toBeGreaterThan(0);
    for (const from of froms) expect(names.has(from)).toBe(true);
    // No sources or dev tooling sneak in from the build context directly.
    expect(froms).not.toContain(undefined);
  });

  it('has a HEALTHCHECK on /healthz at the HTTP port', () => {
    const health = runtime.instructions.filter((i) => i.keyword === 'HEALTHCHECK');
    expect(health).toHaveLength(1);
    const command = execForm(health[0]).join(' ');
    expect(command).toContain('/healthz');
    expect(command).toContain('HTTP_PORT');
  });

  it('picks the service from SERVICE and registers telemetry before the service loads', () => {
    const cmd = runtime.instructions.filter((i) => i.keyword === 'CMD');
    expect(cmd).toHaveLength(1);
    const script = execForm(cmd[0]).join(' ');
    expect(script).toMatch(
      /exec node --import \.\/dist\/libs\/telemetry\/src\/register\.js "?dist\/services\/\$SERVICE\/src\/main\.js/,
    );
    const env = runtime.instructions
      .filter((i) => i.keyword === 'ENV')
      .map((i) => i.args)
      .join(' ');
    expect(env).toMatch(/SERVICE=/);
    expect(env).toMatch(/HTTP_PORT=8080/);
  });

  it('keeps node_modules, dist and git out of the build context', () => {
    const ignored = readFileSync(join(root, '.dockerignore'), 'utf8')
      .split('\n')
      .map((l) => l.trim());
    expect(ignored).toEqual(expect.arrayContaining(['**/node_modules', '**/dist', '.git']));
  });
});
