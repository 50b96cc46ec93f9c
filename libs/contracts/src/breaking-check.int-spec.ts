// Runs `scripts/proto-breaking.mjs` (protoc images + the buf CLI) on two temporary proto folders.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';

const root = join(import.meta.dirname, '..', '..', '..');
const work = mkdtempSync(join(tmpdir(), 'shopmind-breaking-spec-'));

function protoFolder(name: string, fields: string): string {
  const dir = join(work, name);
  mkdirSync(join(dir, 'shopmind', 'demo', 'v1'), { recursive: true });
  writeFileSync(
    join(dir, 'shopmind', 'demo', 'v1', 'demo.proto'),
    `syntax = "proto3";
package shopmind.demo.v1;
import "buf/validate/validate.proto";
message Thing {
  string id = 1 [(buf.validate.field).string.min_len = 1];
${fields}
}
`,
  );
  return dir;
}

function check(current: string, previous: string): { status: number | null; output: string } {
  const r = spawnSync(
    process.execPath,
    [join(root, 'scripts', 'proto-breaking.mjs'), '--proto-dir', current, '--against-proto-dir', previous],
    { cwd: root, encoding: 'utf8' },
  );
  return { status: r.status, output: r.stdout + r.stderr };
}

const previous = protoFolder('previous', '  int32 count = 2;\n  string note = 3;');

describe('proto breaking-change check', () => {
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('passes when a field is added', () => {
    const r = check(
      protoFolder('additive', '  int32 count = 2;\n  string note = 3;\n  bool gift = 4;'),
      previous,
    );
    expect(r.output).toContain('no breaking changes');
    expect(r.status).toBe(0);
  });

  it('fails when a field number changes type', () => {
    const r = check(protoFolder('retyped', '  string count = 2;\n  string note = 3;'), previous);
    expect(r.status).toBe(1);
    expect(r.output).toMatch(/count.*type|type.*count/i);
  });

  it('fails when a field is removed without reserving its number and name', () => {
    const r = check(protoFolder('removed', '  int32 count = 2;'), previous);
    expect(r.status).toBe(1);
    expect(r.output).toContain('3');
  });

  it('fails when a JSON name changes (the field is renamed)', () => {
    const r = check(protoFolder('renamed', '  int32 quantity = 2;\n  string note = 3;'), previous);
    expect(r.status).toBe(1);
  });

  it('passes when a removed field has its number and name reserved', () => {
    const r = check(
      protoFolder('reserved', '  int32 count = 2;\n  reserved 3;\n  reserved "note";'),
      previous,
    );
    expect(r.output).toContain('no breaking changes');
    expect(r.status).toBe(0);
  });
});
