import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { repoRoot } from '@shopmind/testing';

/** An apt-get that reports the lock held by another apt for its first `busy` calls, then succeeds. */
function fakeAptGet(busy: number): { aptGet: string; calls: () => string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'apt-'));
  const log = join(dir, 'calls');
  const aptGet = join(dir, 'apt-get');
  writeFileSync(log, '');
  writeFileSync(
    aptGet,
    `#!/usr/bin/env bash
n=$(wc -l < "${log}")
echo "$*" >> "${log}"
if [ "$n" -lt ${busy} ]; then
  echo "E: Could not get lock /var/lib/dpkg/lock-frontend. It is held by process 4242 (apt-get)" >&2
  exit 100
fi
`,
  );
  chmodSync(aptGet, 0o755);
  return { aptGet, calls: () => readFileSync(log, 'utf8').trim().split('\n') };
}

const install = (aptGet: string, waitSeconds: number) =>
  spawnSync('bash', ['scripts/apt-install.sh', 'nats-server', 'redis-server'], {
    cwd: repoRoot(),
    encoding: 'utf8',
    env: {
      ...process.env,
      SHOPMIND_APT_GET: aptGet,
      SHOPMIND_APT_LOCK_WAIT: String(waitSeconds),
      SHOPMIND_APT_RETRY_SECONDS: '0.1',
    },
  });

// Runs only where the set-up would install as root (CI, a fresh Debian box as root): elsewhere the
// script would need sudo, and this test must never reach the real apt.
const asRoot = process.getuid?.() === 0;

(asRoot ? describe : describe.skip)('set-up when another apt holds the lock', () => {
  it('waits for the lock, says so once, then installs', () => {
    const apt = fakeAptGet(3);
    const run = install(apt.aptGet, 30);
    expect(run.status).toBe(0);
    expect(run.stderr.match(/waiting for it to finish/g)).toHaveLength(1);
    expect(apt.calls().at(-1)).toMatch(/install -y -qq --no-install-recommends nats-server redis-server$/);
  });

  it('gives up after the bounded wait with a message saying what to do', () => {
    const apt = fakeAptGet(1_000_000);
    const run = install(apt.aptGet, 1);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/still holds the package lock after 1s; let it finish/);
  });
});
